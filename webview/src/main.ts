/**
 * The Hardening Preview webview. Bundled to dist/webview/preview.js (and preview.css from the
 * imports below); the host loads it with a nonce under a CSP without 'unsafe-inline'.
 */
import './styles/base.css';
import './styles/badges.css';
import './styles/header.css';
import './styles/table.css';
import './styles/sections.css';
import './styles/code.css';
import { connectToHost } from './hostChannel';
import { PreviewApp } from './previewApp';
import { registerToolkit } from './toolkit';
import { restoreUiState, UiStateStore } from './uiState';

registerToolkit();
const host = connectToHost();
const ui = new UiStateStore(restoreUiState(host.savedState()), (state) => host.saveState(state));
const root = document.getElementById('app');
if (!root) throw new Error('The preview page has no #app element.');
new PreviewApp(root, host, ui).start();

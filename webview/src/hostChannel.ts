import type { HostToWebviewMessage, WebviewToHostMessage } from '../../src/protocol/previewProtocol';

/** What VS Code injects into a webview; callable once per page load. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The typed side of the webview ↔ host connection. */
export interface HostChannel {
  post(message: WebviewToHostMessage): void;
  /** Whatever the previous page load saved (unvalidated: it may come from an older version). */
  savedState(): unknown;
  saveState(state: unknown): void;
  onMessage(handler: (message: HostToWebviewMessage) => void): void;
}

export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    savedState: () => api.getState(),
    saveState: (state) => api.setState(state),
    onMessage(handler) {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (isHostToWebviewMessage(event.data)) handler(event.data);
      });
    },
  };
}

const HOST_MESSAGE_TYPES: ReadonlySet<string> = new Set<HostToWebviewMessage['type']>(['state', 'busy', 'verifyResult', 'error']);

/** Other extensions' or the workbench's own messages can arrive too; only ours are handled. */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && HOST_MESSAGE_TYPES.has(type);
}

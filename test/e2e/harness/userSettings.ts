import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * User settings for a quiet, predictable workbench: the tests open a fixture folder they trust,
 * and nothing else may take the focus or cover the editor (welcome page, walkthroughs, release
 * notes, chat, tips, update and extension recommendation toasts).
 */
export const QUIET_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'npm.autoDetect': 'off',
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
  'window.commandCenter': false,
};

/** Writes `User/settings.json` under a VS Code user data directory. */
export function writeUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): void {
  const userDir = join(userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify({ ...QUIET_USER_SETTINGS, ...extra }, null, 2));
}

import * as vscode from 'vscode';
import type { Logger } from '../core/logger';

/** The "Harden" output channel: a LogOutputChannel, so the user picks the level and lines carry times. */
export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Harden', { log: true });
}

/** Core's logger port, writing to the channel; `onInfo` also sees progress lines (for a notification). */
export function coreLogger(channel: vscode.LogOutputChannel, onInfo?: (message: string) => void): Logger {
  return {
    info: (message) => {
      channel.info(message);
      onInfo?.(message);
    },
    warn: (message) => channel.warn(message),
    debug: (message) => channel.debug(message),
  };
}

import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { printable } from '../core/text/printable';
import { printableChannel } from './printableChannel';

/**
 * The "Harden" output channel: a LogOutputChannel, so the user picks the level and lines carry times.
 * Every message written to it is made `printable` (one line, no control characters).
 */
export function createLogChannel(): vscode.LogOutputChannel {
  return printableChannel(vscode.window.createOutputChannel('Harden', { log: true }));
}

/** Core's logger port, writing to the channel; `onInfo` also sees step and sub-progress lines (for a notification), `printable` too. */
export function coreLogger(channel: vscode.LogOutputChannel, onInfo?: (message: string) => void): Logger {
  return {
    info: (message) => {
      channel.info(message);
      onInfo?.(printable(message));
    },
    warn: (message) => channel.warn(message),
    debug: (message) => channel.debug(message),
    // How far a step is: for the notification; the channel keeps it only at trace level.
    progress: (message) => {
      channel.trace(message);
      onInfo?.(printable(message));
    },
  };
}

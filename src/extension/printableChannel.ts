import type * as vscode from 'vscode';
import { printable, printableStack } from '../core/text/printable';

/**
 * `channel`, with every message made `printable`: log messages quote names from images and traces,
 * and a line break in one must not start a line that looks like Harden's own. An Error is logged as
 * its `printableStack`.
 */
export function printableChannel(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const text = (value: unknown): unknown => (typeof value === 'string' ? printable(value) : value);
  return {
    get name() {
      return channel.name;
    },
    get logLevel() {
      return channel.logLevel;
    },
    onDidChangeLogLevel: channel.onDidChangeLogLevel,
    trace: (message, ...args) => channel.trace(printable(message), ...args.map(text)),
    debug: (message, ...args) => channel.debug(printable(message), ...args.map(text)),
    info: (message, ...args) => channel.info(printable(message), ...args.map(text)),
    warn: (message, ...args) => channel.warn(printable(message), ...args.map(text)),
    error: (error, ...args) => channel.error(typeof error === 'string' ? printable(error) : printableStack(error), ...args.map(text)),
    append: (value) => channel.append(printable(value)),
    appendLine: (value) => channel.appendLine(printable(value)),
    replace: (value) => channel.replace(printable(value)),
    clear: () => channel.clear(),
    show: (first?: boolean | vscode.ViewColumn, preserveFocus?: boolean) => (typeof first === 'number' ? channel.show(first, preserveFocus) : channel.show(first)),
    hide: () => channel.hide(),
    dispose: () => channel.dispose(),
  };
}

import type { Logger } from '../core/logger';
import { printable } from '../core/text/printable';

/** Without a terminal (CI logs, a file) sub-progress is printed as lines, this far apart at most. */
const PROGRESS_LINE_INTERVAL_MS = 5000;
/** Back to the start of the line and clear it: how a terminal's status line is replaced. */
const CLEAR_LINE = '\r\x1b[K';

/**
 * Progress on stderr (stdout stays clean for --json); debug lines only with --debug. Messages carry
 * names from the image, so each is made `printable`: one line, no control characters for the terminal.
 * Sub-progress ("reading the image's files (41 %)") rewrites one status line on a terminal and is
 * printed as an occasional line elsewhere.
 */
export function stderrLogger(stderr: NodeJS.WritableStream, options: { quiet: boolean; debug: boolean }): Logger {
  const terminal = (stderr as { isTTY?: boolean }).isTTY === true;
  let statusShown = false;
  let lastProgressLine = Number.NEGATIVE_INFINITY;
  const write = (line: string): void => {
    stderr.write(`${statusShown ? CLEAR_LINE : ''}${line}\n`);
    statusShown = false;
  };
  return {
    info: (message) => {
      if (!options.quiet) write(`harden: ${printable(message)}`);
    },
    warn: (message) => write(`harden: warning: ${printable(message)}`),
    debug: (message) => {
      if (options.debug) write(`harden: debug: ${printable(message)}`);
    },
    progress: (message) => {
      if (options.quiet) return;
      if (terminal) {
        stderr.write(`${CLEAR_LINE}harden: ${printable(message)}`);
        statusShown = true;
        return;
      }
      if (Date.now() - lastProgressLine < PROGRESS_LINE_INTERVAL_MS) return;
      lastProgressLine = Date.now();
      write(`harden: ${printable(message)}`);
    },
  };
}

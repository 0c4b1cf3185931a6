import type { Logger } from '../core/logger';
import { printable } from '../core/text/printable';

/**
 * Progress on stderr (stdout stays clean for --json); debug lines only with --debug. Messages carry
 * names from the image, so each is made `printable`: one line, no control characters for the terminal.
 */
export function stderrLogger(stderr: NodeJS.WritableStream, options: { quiet: boolean; debug: boolean }): Logger {
  return {
    info: (message) => {
      if (!options.quiet) stderr.write(`harden: ${printable(message)}\n`);
    },
    warn: (message) => stderr.write(`harden: warning: ${printable(message)}\n`),
    debug: (message) => {
      if (options.debug) stderr.write(`harden: debug: ${printable(message)}\n`);
    },
  };
}

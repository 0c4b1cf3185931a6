import type { Logger } from '../core/logger';

/** Progress on stderr (stdout stays clean for --json); debug lines only with --debug. */
export function stderrLogger(stderr: NodeJS.WritableStream, options: { quiet: boolean; debug: boolean }): Logger {
  return {
    info: (message) => {
      if (!options.quiet) stderr.write(`harden: ${message}\n`);
    },
    warn: (message) => stderr.write(`harden: warning: ${message}\n`),
    debug: (message) => {
      if (options.debug) stderr.write(`harden: debug: ${message}\n`);
    },
  };
}

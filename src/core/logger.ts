/** Where core reports progress: the CLI prints to stderr, the extension writes to a LogOutputChannel. */
export interface Logger {
  /** A step of the work ("starting nginx", "verify round 1: …"): kept in the log, shown as progress. */
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /**
   * How far the current step is ("reading the image's files (312 MiB of 772 MiB, 41 %)"): shown in
   * a progress notification or status line, not kept as a log line. Senders throttle it (`throttledProgress`).
   */
  progress?(message: string): void;
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
};

/** How often a step's sub-progress is sent: often enough to see it move, rarely enough to cost nothing. */
export const PROGRESS_INTERVAL_MS = 1000;

/** `log.progress`, sent at most once per interval (the first call always goes through). */
export function throttledProgress(log: Logger, intervalMs = PROGRESS_INTERVAL_MS): (message: () => string) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (message) => {
    if (!log.progress) return;
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    log.progress(message());
  };
}

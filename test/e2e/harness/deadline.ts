/** Bounds every wait in the suite, so a hung step fails with a sentence instead of a mocha timeout. */

export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/** Resolves with the promise's value, or rejects with `message` once `ms` have passed. */
export async function withinDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(message)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `probe` until it returns a value other than undefined (a throw counts as "not yet"), then
 * returns it. On expiry the error says what was awaited, how long, and the last error seen.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs: number; intervalMs?: number; message: string },
): Promise<T> {
  const started = Date.now();
  let lastProblem = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastProblem = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
    if (Date.now() - started >= options.timeoutMs) {
      const seconds = Math.round(options.timeoutMs / 1000);
      throw new DeadlineError(`${options.message} within ${seconds} s${lastProblem ? ` (last error: ${lastProblem})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}

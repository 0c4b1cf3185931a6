/**
 * Failures a user can act on. Each kind maps to one documented exit code in the CLI,
 * and the message is the one sentence the user sees.
 */
export type FailureKind =
  | 'usage'
  | 'engine-unreachable'
  | 'image-missing'
  | 'app-failed'
  | 'verify-failed'
  | 'manifest-invalid'
  | 'tracer-unavailable'
  | 'trace-forged'
  | 'interrupted';

export class HardenError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** Extra lines shown under the message (log tail, refused writes). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'HardenError';
  }
}

export function isHardenError(error: unknown): error is HardenError {
  return error instanceof HardenError;
}

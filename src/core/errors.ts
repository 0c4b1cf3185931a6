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
  | 'init-unavailable'
  | 'not-carried-over'
  | 'files-edited'
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

/** Why a file operation failed, in the words of a sentence (`Cannot write X: <reason>.`). */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
    case 'ERR_FS_EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

import type { FailureKind } from '../core/errors';

/** Documented in README.md ("Exit codes"); keep the two in step. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 70;

export const exitCodeFor: Record<FailureKind, number> = {
  'verify-failed': 1,
  usage: 2,
  'engine-unreachable': 3,
  'image-missing': 4,
  'app-failed': 5,
  // Also verify refusing a Compose key, or host access without --allow-host-access: fix the file or allow it.
  'manifest-invalid': 6,
  'tracer-unavailable': 7,
  'trace-forged': 8,
  'init-unavailable': 9,
  // minify: the start-up did things the production image cannot do; --force builds without them.
  'not-carried-over': 10,
  // profile: a file harden wrote was edited by hand since; --force overwrites it.
  'files-edited': 11,
  interrupted: 130,
};

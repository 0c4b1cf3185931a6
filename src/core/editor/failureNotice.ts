import type { FailureKind } from '../errors';

export type NoticeAction = 'Open Output' | 'Open Settings';

/** What the editor shows when a command fails: one sentence, its severity and the buttons. */
export interface FailureNotice {
  severity: 'error' | 'warning' | 'info';
  message: string;
  actions: NoticeAction[];
  /** Lines for the log (refused writes, log tail), never for the notification. */
  details: readonly string[];
}

export const ENGINE_HINT = 'Start Docker or set harden.dockerHost.';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH']);

/**
 * Maps a failure to a message a user can act on: `action` names what failed ("Profiling
 * nginx:1.25"), the error says why. A cancelled run is news, not an error.
 */
export function describeFailure(action: string, error: unknown): FailureNotice {
  if (isHardenErrorLike(error)) {
    switch (error.kind) {
      case 'interrupted':
        return { severity: 'info', message: `${action} was cancelled; the containers it started were removed.`, actions: [], details: [] };
      case 'engine-unreachable':
        return { severity: 'error', message: `${action} failed: ${sentence(error.message)} ${ENGINE_HINT}`, actions: ['Open Output', 'Open Settings'], details: error.details };
      default:
        return { severity: 'error', message: `${action} failed: ${sentence(error.message)}`, actions: ['Open Output'], details: error.details };
    }
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (CONNECTION_CODES.has(code)) {
    return { severity: 'error', message: `${action} failed: the Docker Engine stopped answering (${code}). ${ENGINE_HINT}`, actions: ['Open Output', 'Open Settings'], details: [] };
  }
  return { severity: 'error', message: `${action} failed: ${sentence(firstLine(message))}`, actions: ['Open Output'], details: [] };
}

/**
 * A HardenError, recognised by shape: the extension's engine bundle has its own copy of the class,
 * so `instanceof` would miss the errors it throws.
 */
export function isHardenErrorLike(error: unknown): error is Error & { kind: FailureKind; details: readonly string[] } {
  return error instanceof Error && error.name === 'HardenError' && typeof (error as { kind?: unknown }).kind === 'string' && Array.isArray((error as { details?: unknown }).details);
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() || 'unknown error';
}

function sentence(text: string): string {
  const tidy = text.replace(/([?!])\.$/, '$1');
  return /[.!?]$/.test(tidy) ? tidy : `${tidy}.`;
}

import { posix } from 'node:path';
import { refusalKey } from '../analysis/profileRefusals';
import type { ProfileRefusal } from '../manifest/manifestTypes';
import type { RefusedOperation, RefusedPrivilege, TraceFacts } from '../trace/traceFacts';
import { logRefusals } from './logRefusals';

/** Which run of a verify found it: the first start, or the restart on the same volumes. */
export type VerifyPhase = 'run' | 'restart';

/** What verify can name as the cause of a problem, in a form the refine loop can act on. */
export type ProblemCause =
  | { type: 'refused'; program: string; syscall: string; errno: string; uid: number; gid?: number; path?: string; write: boolean; capability?: string }
  | { type: 'hidden'; program: string; syscall: string; path: string; mount: string }
  | { type: 'init-signal' }
  | { type: 'data-lost'; path: string; files: string[] }
  | { type: 'not-up' }
  | { type: 'killed' };

export interface VerifyProblem {
  /** `refused-write`, `refused-privilege`, `probe`, `stop`, `data-lost`, `log`. */
  kind: string;
  message: string;
  phase?: VerifyPhase;
  cause?: ProblemCause;
}

/** What a verify run saw that did not fail it, but may explain a failure (and teach the refine loop). */
export interface VerifyClue {
  message: string;
  cause: ProblemCause;
}

/** Docker's init (tini) failing to forward `docker stop`'s signal to an app of another uid. */
const INIT_FORWARDING_FAILED = /\[FATAL tini \(1\)\].*forwarding signal/i;

/** Log lines are compared with digits, month and weekday names folded, so pids and timestamps do not make a line new. */
export function normalizedLogLine(line: string): string {
  return line
    .replace(/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/g, '@')
    .replace(/\d+/g, '#')
    .trim();
}

/**
 * The problems and clues in one traced (or untraced) run. A refusal the profile run had too,
 * with nothing hardened, is not caused by the hardening: it goes to `preexisting`, not to problems.
 */
export function problemsOfRun(
  phase: VerifyPhase,
  facts: TraceFacts | undefined,
  logs: readonly string[],
  baseline: { refusals: readonly ProfileRefusal[]; logRefusals: readonly string[] },
): { problems: VerifyProblem[]; clues: VerifyClue[]; preexisting: string[] } {
  const known = new Set(baseline.refusals.map(refusalKey));
  const knownLogs = new Set(baseline.logRefusals.map(normalizedLogLine));
  const problems: VerifyProblem[] = [];
  const clues: VerifyClue[] = [];
  const preexisting: string[] = [];
  for (const refused of facts?.refused ?? []) {
    const message = refusalMessage(refused);
    if (known.has(refusalKey(refused))) preexisting.push(`${message} (also without hardening)`);
    else if (refused.write || refused.errno === 'EPERM') problems.push({ kind: 'refused-write', message, phase, cause: refusedCause(refused) });
    else clues.push({ message, cause: refusedCause(refused) });
  }
  for (const refused of facts?.refusedPrivileges ?? []) {
    const message = `${posix.basename(refused.program) || 'a process'} (uid ${refused.uid}) was refused ${refused.detail}: ${refused.errno} (needs ${refused.capability})`;
    if (known.has(refusalKey(refused))) preexisting.push(`${message} (also without hardening)`);
    else problems.push({ kind: 'refused-privilege', message, phase, cause: privilegeCause(refused) });
  }
  for (const line of logRefusals(logs)) {
    if (INIT_FORWARDING_FAILED.test(line)) {
      problems.push({ kind: 'stop', message: `the init could not forward the stop signal: ${line}`, phase, cause: { type: 'init-signal' } });
    } else if (knownLogs.has(normalizedLogLine(line))) {
      preexisting.push(`the app logged: ${line} (also without hardening)`);
    } else {
      problems.push({ kind: 'log', message: `the app logged: ${line}`, phase });
    }
  }
  return { problems, clues, preexisting };
}

function refusalMessage(refused: RefusedOperation): string {
  return `${posix.basename(refused.program) || 'a process'} (uid ${refused.uid}) was refused ${refused.syscall} ${refused.path}: ${refused.errno}`;
}

function refusedCause(refused: RefusedOperation): ProblemCause {
  return { type: 'refused', program: refused.program, syscall: refused.syscall, errno: refused.errno, uid: refused.uid, gid: refused.gid, path: refused.path, write: refused.write };
}

function privilegeCause(refused: RefusedPrivilege): ProblemCause {
  return { type: 'refused', program: refused.program, syscall: refused.syscall, errno: refused.errno, uid: refused.uid, write: false, capability: refused.capability };
}

import { posix } from 'node:path';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { learnFromVerify } from '../refine/learnFromVerify';
import type { ProblemCause, VerifyProblem, VerifyResult } from '../verify/verifyHardened';

/** When in a verify the problem showed: starting, answering the probes, stopping, or starting again on the same volumes. */
export type ProblemPhase = 'start' | 'probe' | 'stop' | 'restart';

/** A verify problem told to a user: when, what happened, why, and what to do. */
export interface ProblemAdvice {
  phase: ProblemPhase;
  /** What happened, in plain words. */
  title: string;
  /** Why, in plain words. */
  cause: string;
  /** What to do about it. */
  fix: string;
  /** Set when the fix is a change of the manifest harden can make (the refine loop's own lesson). */
  action?: FixAction;
}

export interface FixAction {
  /** The button: `Add CHOWN`, `Make /var/cache/nginx writable`. */
  label: string;
  /** What the change does to the manifest, one line each. */
  changes: string[];
}

/** Plain words for the capabilities verify names most. */
const CAPABILITY_WORDS: Record<string, string> = {
  CHOWN: 'change the owner of files',
  SETUID: 'switch to another user',
  SETGID: 'switch to another group',
  DAC_OVERRIDE: 'write files whatever their permissions',
  DAC_READ_SEARCH: 'read files whatever their permissions',
  FOWNER: 'change files it does not own',
  KILL: 'signal processes of other users',
  NET_BIND_SERVICE: 'listen on a port below 1024',
  MKNOD: 'create device files',
  SYS_ADMIN: 'mount file systems',
};

const SYSCALL_WORDS: Array<[RegExp, string]> = [
  [/chown/, 'change the owner of'],
  [/chmod/, 'change the permissions of'],
  [/^(setuid|setresuid|setreuid)$/, 'switch to another user'],
  [/^(setgid|setresgid|setregid|setgroups)$/, 'switch to another group'],
  [/^bind$/, 'listen on a port'],
  [/^(unlink|unlinkat|rmdir)$/, 'remove'],
  [/^rename/, 'rename'],
  [/^(mkdir|mkdirat)$/, 'create the directory'],
  [/utime/, 'set the time of'],
];

/**
 * Advice for every problem of a result, in order. A problem whose cause the refine loop can turn into
 * a change of the manifest gets that change as its action; the others say what a person can do,
 * and a problem with no cause of its own (the app did not come up, a log line) points at the one
 * that does when there is one, since it is then most likely its consequence.
 */
export function adviseProblems(result: VerifyResult, manifest: HardeningManifest): ProblemAdvice[] {
  const advice = result.problems.map((_problem, index) => adviseProblem(result, index, manifest));
  const fixable = advice.find((item) => item.action);
  return advice.map((item) =>
    !item.action && fixable && item.fix === UNKNOWN_FIX ? { ...item, fix: `Most likely a consequence of “${fixable.title}”: fix that (${fixable.action?.label ?? ''}) and verify again.` } : item,
  );
}

const UNKNOWN_FIX = 'Read the full details in the Output panel (Harden) or verify-result.json.';

function adviseProblem(result: VerifyResult, index: number, manifest: HardeningManifest): ProblemAdvice {
  const action = fixFor(result, index, manifest);
  const words = describe(result.problems[index]);
  const capability = /^Add ([A-Z_]+)$/.exec(action?.label ?? '')?.[1];
  // EPERM alone does not name the capability; the lesson does (chown needs CHOWN).
  if (capability && words.cause.startsWith('The kernel refused it')) words.cause = `The hardened settings drop every capability; this call needs ${capability} (${CAPABILITY_WORDS[capability] ?? 'a privilege'}).`;
  return { phase: phaseOf(result.problems[index]), ...words, ...(action ? { action, fix: `${action.label}, then verify again.` } : {}) };
}

/** The change of the manifest that answers one problem: the refine loop's lesson from it alone. */
export function fixFor(result: VerifyResult, index: number, manifest: HardeningManifest): FixAction | undefined {
  const lessons = lessonsFor(result, index, manifest);
  if (lessons.learned.length === 0) return undefined;
  return { label: labelOf(manifest, lessons.manifest), changes: lessons.learned.map((line) => line.replace(/^round \d+: /, '')) };
}

/**
 * The manifest with one problem's fix applied, recorded as a verify round like the refine loop's
 * (the problems this verify found, what the fix changed); undefined when the problem has none.
 */
export function applyProblemFix(result: VerifyResult, index: number, manifest: HardeningManifest): HardeningManifest | undefined {
  const lessons = lessonsFor(result, index, manifest);
  if (lessons.learned.length === 0) return undefined;
  const rounds = manifest.verification?.rounds ?? [];
  const round = { round: nextRound(manifest), passed: false, mode: result.mode, problems: result.problems.map((problem) => problem.message), learned: lessons.learned };
  return { ...lessons.manifest, verification: { verified: false, rounds: [...rounds, round] } };
}

function lessonsFor(result: VerifyResult, index: number, manifest: HardeningManifest): ReturnType<typeof learnFromVerify> {
  const problem = result.problems[index];
  if (!problem) return { manifest, learned: [], unresolved: [] };
  // A problem with no cause of its own (the app never came up) may be explained by what the run only noted.
  const clues = problem.cause?.type === 'not-up' ? result.clues : [];
  return learnFromVerify(manifest, { ...result, passed: false, problems: problem.cause?.type === 'not-up' ? [] : [problem], clues }, { round: nextRound(manifest) });
}

function nextRound(manifest: HardeningManifest): number {
  return (manifest.verification?.rounds.length ?? 0) + 1;
}

/** The headline of a result: a failure only at shutdown is not an app that does not work. */
export function verifyHeadline(result: Pick<VerifyResult, 'passed' | 'problems'>): string {
  if (result.passed) return 'Verified: the app works with the hardened configuration';
  const count = `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`;
  if (result.problems.length > 0 && result.problems.every((problem) => phaseOf(problem) === 'stop')) {
    return `The app started and answered its probes, then failed when it was stopped (${count})`;
  }
  return `Verify failed: ${count} under the hardened configuration`;
}

export function phaseOf(problem: Pick<VerifyProblem, 'kind' | 'phase'>): ProblemPhase {
  if (problem.kind === 'stop') return 'stop';
  if (problem.phase === 'restart' || problem.kind === 'data-lost') return 'restart';
  if (problem.kind === 'probe') return 'probe';
  return 'start';
}

function describe(problem: VerifyProblem): Pick<ProblemAdvice, 'title' | 'cause' | 'fix'> {
  const cause = problem.cause;
  if (cause) return describeCause(cause, problem);
  if (problem.kind === 'stop') return { title: 'The app stopped with another exit code than in the profile', cause: problem.message, fix: UNKNOWN_FIX };
  if (problem.kind === 'log') return { title: 'The app logged a refusal', cause: problem.message.replace(/^the app logged: /, 'It logged: '), fix: UNKNOWN_FIX };
  return { title: problem.message, cause: problem.message, fix: UNKNOWN_FIX };
}

function describeCause(cause: ProblemCause, problem: VerifyProblem): Pick<ProblemAdvice, 'title' | 'cause' | 'fix'> {
  switch (cause.type) {
    case 'refused': {
      const who = `${posix.basename(cause.program) || 'a process'} (uid ${cause.uid})`;
      const verb = SYSCALL_WORDS.find(([pattern]) => pattern.test(cause.syscall))?.[1] ?? `call ${cause.syscall} on`;
      const what = cause.path ? `${verb} ${cause.path}` : verb;
      const title = `${who} was not allowed to ${what}`;
      if (cause.capability) {
        const needs = `${cause.capability} (${CAPABILITY_WORDS[cause.capability] ?? 'a privilege'})`;
        return cause.uid === 0
          ? { title, cause: `The hardened settings drop every capability; this call needs ${needs}.`, fix: `Add ${cause.capability} to the capabilities.` }
          : { title, cause: `A process that is not root gets no capabilities, and this call needs ${needs}.`, fix: 'Run it as root, or change the image so it does not need the call.' };
      }
      if (cause.errno === 'EROFS') return { title, cause: `The root file system is read-only and ${posix.dirname(cause.path ?? '/')} is not among the writable paths.`, fix: `Make ${posix.dirname(cause.path ?? '/')} writable.` };
      if (cause.errno === 'EACCES') return { title, cause: `The path is writable, but not for uid ${cause.uid}: its owner or mode is another.`, fix: `Give the path to uid ${cause.uid} (the mount's owner, or chown it in the image).` };
      return { title, cause: `The kernel refused it (${cause.errno}) under the hardened settings.`, fix: cause.uid === 0 ? UNKNOWN_FIX : 'A process that is not root gets no capabilities: give the path to its uid in the image.' };
    }
    case 'hidden':
      return { title: `${posix.basename(cause.program) || 'a process'} could not find ${cause.path}`, cause: `The image ships it, but the tmpfs mounted at ${cause.mount} hides it.`, fix: `Mount a narrower tmpfs, or make ${cause.mount} a volume (seeded from the image).` };
    case 'init-signal':
      return {
        title: 'The init could not pass the stop signal to the app',
        cause: "Docker's init (tini) runs as root without the KILL capability, and the app runs as another user, so `docker stop` could not reach it: the app ran fine and failed only at shutdown.",
        fix: 'Give the init the KILL capability.',
      };
    case 'data-lost':
      return { title: `Files written to ${cause.path} did not survive a restart`, cause: `${cause.path} is mounted as a tmpfs, which starts empty every time; ${cause.files.slice(0, 3).join(', ')} were lost.`, fix: `Make ${cause.path} a volume.` };
    case 'not-up':
      return { title: 'The app did not come up', cause: problem.message, fix: UNKNOWN_FIX };
    case 'killed':
      return { title: 'The app did not stop in time and was killed', cause: `${problem.message}.`, fix: 'Check its stop signal and what it does at shutdown under these settings.' };
  }
}

/** A short button label from what the fix changes in the manifest. */
function labelOf(before: HardeningManifest, after: HardeningManifest): string {
  const capabilities = after.capabilities.filter((use) => !before.capabilities.some((old) => old.capability === use.capability)).map((use) => use.capability);
  if (capabilities.length > 0) return `Add ${capabilities.join(', ')}`;
  if (after.init?.needsKill && !before.init?.needsKill) return 'Give the init KILL';
  const added = after.writablePaths.filter((path) => !before.writablePaths.some((old) => old.path === path.path));
  if (added.length > 0) return `Make ${added.map((path) => path.path).join(', ')} writable`;
  for (const path of after.writablePaths) {
    const old = before.writablePaths.find((candidate) => candidate.path === path.path);
    if (!old) continue;
    if (old.mount.type === 'tmpfs' && path.mount.type === 'volume') return `Make ${path.path} a volume`;
    if (old.mount.type === 'tmpfs' && path.mount.type === 'tmpfs' && old.mount.uid !== path.mount.uid) return `Give ${path.path} to ${path.mount.uid}:${path.mount.gid}`;
  }
  const removed = before.writablePaths.filter((path) => !after.writablePaths.some((other) => other.path === path.path));
  if (removed.length > 0) return `Narrow the tmpfs at ${removed.map((path) => path.path).join(', ')}`;
  return 'Apply the fix';
}

import { posix } from 'node:path';
import { isWithin, kindByLocation } from '../analysis/pathFamilies';
import { formatMode, volumeName } from '../analysis/writablePaths';
import { serviceNameFromImage } from '../generate/serviceName';
import type { ImageIndex } from '../image/imageIndex';
import type { HardeningManifest, TmpfsMount, WritableKind, WritablePath } from '../manifest/manifestTypes';
import type { ProblemCause, VerifyResult } from '../verify/verifyHardened';

export interface Lessons {
  /** The manifest with what the round taught applied (a copy; the input is not changed). */
  manifest: HardeningManifest;
  /** One line per change, for the manifest's record and the user. */
  learned: string[];
  /** Problems no change of the configuration can fix, each with what the user can do. */
  unresolved: string[];
}

/** What a user can do about a problem no change of the configuration explains. */
const ADVICE: Record<string, string> = {
  probe: 'check that the probe fits the app (--probe) and read its log lines in verify-result.json; a refusal in a process the tracer could not follow would show there',
  stop: 'the app did not stop on its stop signal in time under these settings; see its log lines in verify-result.json',
  log: 'the app reported a refusal harden could not tie to a call; look at what it needs there',
  other: 'see verify-result.json and report.md',
};

/** Path calls that change metadata only: refused by EROFS, the entry itself needs a writable mount. */
const METADATA_CALLS = new Set(['chmod', 'fchmod', 'fchmodat', 'chown', 'fchown', 'lchown', 'fchownat', 'utimensat', 'setxattr', 'lsetxattr', 'fsetxattr']);
/** The capability a path call refused with EPERM needed (as root). */
const EPERM_CAPABILITY: Record<string, string> = {
  chown: 'CHOWN',
  fchown: 'CHOWN',
  lchown: 'CHOWN',
  fchownat: 'CHOWN',
  chmod: 'FOWNER',
  fchmod: 'FOWNER',
  fchmodat: 'FOWNER',
  utimensat: 'FOWNER',
  setxattr: 'FOWNER',
  lsetxattr: 'FOWNER',
  fsetxattr: 'FOWNER',
  unlink: 'FOWNER',
  unlinkat: 'FOWNER',
  rmdir: 'FOWNER',
  rename: 'FOWNER',
  renameat: 'FOWNER',
  renameat2: 'FOWNER',
  link: 'FOWNER',
  linkat: 'FOWNER',
  mknod: 'MKNOD',
  mknodat: 'MKNOD',
};

/**
 * What a failed verify round teaches about the configuration: a capability for a refused
 * privileged call, a writable path (with the right owner) for a refused write, a narrower mount for
 * a tmpfs that hid what the image ships, KILL for an init that could not forward the stop signal,
 * a volume for data lost across the restart. Causes the round only noted (refused reads, hidden
 * files) count when the round failed: they may be why.
 */
export function learnFromVerify(manifest: HardeningManifest, result: VerifyResult, context: { round: number; index?: ImageIndex }): Lessons {
  const lesson = new Lesson(structuredClone(manifest), context.round, context.index);
  for (const problem of result.problems) {
    if (problem.cause) lesson.from(problem.cause, problem.message);
    else lesson.unresolvedProblem(`${problem.message}: ${ADVICE[problem.kind] ?? ADVICE.other}`);
  }
  if (!result.passed) for (const clue of result.clues) lesson.from(clue.cause, clue.message, true);
  return { manifest: lesson.manifest, learned: [...new Set(lesson.learned)], unresolved: lesson.unresolvedLines() };
}

class Lesson {
  readonly learned: string[] = [];
  private readonly unresolved: string[] = [];
  private readonly uncaused: string[] = [];

  constructor(
    readonly manifest: HardeningManifest,
    private readonly round: number,
    private readonly index: ImageIndex | undefined,
  ) {}

  from(cause: ProblemCause, message: string, clue = false): void {
    switch (cause.type) {
      case 'refused':
        return this.refused(cause, message, clue);
      case 'hidden':
        return this.hidden(cause);
      case 'init-signal':
        return this.initKill();
      case 'data-lost':
        return this.dataLost(cause.path, message);
      case 'not-up':
        return this.unresolvedProblem(`${message}: ${ADVICE.probe}`);
      case 'killed':
        return this.unresolvedProblem(`${message}: ${ADVICE.stop}`);
    }
  }

  unresolvedProblem(message: string): void {
    this.uncaused.push(message);
  }

  /** Problems without a cause count only when the round learned nothing that might explain them. */
  unresolvedLines(): string[] {
    return [...new Set([...this.unresolved, ...(this.learned.length === 0 ? this.uncaused : [])])];
  }

  private refused(cause: Extract<ProblemCause, { type: 'refused' }>, message: string, clue: boolean): void {
    const asRoot = cause.uid === 0;
    const who = `${posix.basename(cause.program) || 'a process'} (uid ${cause.uid})`;
    if (cause.capability) {
      if (asRoot) this.capability(cause.capability, `${who} was refused ${cause.syscall}: ${cause.errno}`);
      else this.unresolved.push(`${message}: a non-root process gets no capabilities; run it as root or change what it does`);
      return;
    }
    const path = cause.path;
    if (path === undefined) return;
    if (cause.errno === 'EROFS') return this.writable(path, cause, who);
    if (cause.errno === 'EPERM') {
      const capability = EPERM_CAPABILITY[cause.syscall];
      if (capability && asRoot) this.capability(capability, `${who} was refused ${cause.syscall} ${path}: EPERM`);
      else if (!clue) this.unresolved.push(`${message}: ${asRoot ? 'no capability allows this call' : 'a non-root process gets no capabilities; give the path to its uid in the image'}`);
      return;
    }
    if (cause.errno === 'EACCES') {
      if (asRoot) {
        this.capability(cause.write ? 'DAC_OVERRIDE' : 'DAC_READ_SEARCH', `${who} was refused ${cause.syscall} ${path}: EACCES`);
        return;
      }
      const mount = this.mountOf(cause.write ? posix.dirname(path) : path);
      if (mount?.mount.type === 'tmpfs' && cause.write) {
        this.ownTmpfs(mount as WritablePath & { mount: TmpfsMount }, cause.uid, cause.gid ?? cause.uid, `${who} was refused ${cause.syscall} ${path}`);
      } else if (!clue) {
        this.unresolved.push(`${message}: ${mount ? `the volume at ${mount.path} is not writable for uid ${cause.uid}; chown it to ${cause.uid} in the image` : `give ${path} to uid ${cause.uid} in the image`}`);
      }
    }
  }

  /** EROFS: the directory that gets the change (or the entry whose metadata changes) must be writable. */
  private writable(path: string, cause: Extract<ProblemCause, { type: 'refused' }>, who: string): void {
    const entry = this.index?.get(path);
    const target = METADATA_CALLS.has(cause.syscall) && entry?.type === 'directory' ? path : posix.dirname(path);
    if (target === '/') {
      this.unresolved.push(`${who} writes ${path} directly into /; no mount can make only that writable — make the app write to a directory of its own`);
      return;
    }
    if (this.mountOf(target)) {
      this.unresolved.push(`${who} was refused ${cause.syscall} ${path}: EROFS although ${target} is mounted writable; check the mount is not read-only`);
      return;
    }
    const shipped = this.index?.filesBelow(target).length ?? 0;
    const location = kindByLocation(target);
    const kind: WritableKind = location?.kind ?? (shipped > 0 ? 'data' : 'scratch');
    this.addPath(target, kind, `${who} was refused ${cause.syscall} ${path}: EROFS`, shipped > 0 || kind === 'data' ? 'volume' : 'tmpfs', [path]);
  }

  /** A tmpfs hid what the image ships: mount the hidden directory on its own (narrower), or seed the mount from the image. */
  private hidden(cause: Extract<ProblemCause, { type: 'hidden' }>): void {
    const mount = this.manifest.writablePaths.find((path) => path.path === cause.mount);
    if (!mount) return;
    const entry = this.index?.get(cause.path);
    const directory = entry?.type === 'directory' ? cause.path : posix.dirname(cause.path);
    const why = `${posix.basename(cause.program) || 'a process'} could not find ${cause.path}, which the image ships and the tmpfs at ${cause.mount} hid`;
    if (directory === mount.path) {
      this.toVolume(mount, `${why}: a volume starts as a copy of the image's files`);
      return;
    }
    if (this.manifest.writablePaths.some((path) => path.path === directory)) return;
    const onlyBelow = mount.evidence.examples.length > 0 && mount.evidence.examples.every((example) => isWithin(example, directory));
    const kind = mount.kind;
    this.addPath(directory, kind, why, 'tmpfs', mount.evidence.examples.filter((example) => isWithin(example, directory)));
    if (onlyBelow) {
      this.manifest.writablePaths = this.manifest.writablePaths.filter((path) => path !== mount);
      this.learned.push(`round ${this.round}: the tmpfs at ${mount.path} is replaced by the narrower one at ${directory}: everything the app wrote there is below it`);
    }
  }

  private initKill(): void {
    const current = this.manifest.init ?? { kind: 'docker', needsKill: false, reason: '' };
    if (current.needsKill) return;
    this.manifest.init = {
      kind: current.kind === 'none' ? 'docker' : current.kind,
      needsKill: true,
      reason: `KILL for the init: it could not forward the stop signal to the app, which runs as another uid (learned from verify round ${this.round})`,
      learnedInRound: this.round,
    };
    this.learned.push(`round ${this.round}: the init gets KILL: it could not forward the stop signal to the app of another uid`);
  }

  private dataLost(path: string, message: string): void {
    const mount = this.manifest.writablePaths.find((candidate) => candidate.path === path);
    if (mount && mount.mount.type === 'tmpfs') this.toVolume(mount, `${message}: data must live on a volume`, 'data');
    else this.unresolved.push(`${message}: check that the volume at ${path} is not replaced at start`);
  }

  private capability(capability: string, evidence: string): void {
    const existing = this.manifest.capabilities.find((use) => use.capability === capability);
    if (existing) return;
    this.manifest.capabilities.push({ capability, evidence: [`${evidence} (verify round ${this.round})`], count: 1, learnedInRound: this.round });
    this.manifest.capabilities.sort((a, b) => a.capability.localeCompare(b.capability));
    this.learned.push(`round ${this.round}: adds ${capability}: ${evidence}`);
  }

  private ownTmpfs(path: WritablePath & { mount: TmpfsMount }, uid: number, gid: number, why: string): void {
    if (path.mount.uid === uid) return;
    path.mount = { ...path.mount, uid, gid };
    path.learnedInRound = this.round;
    this.learned.push(`round ${this.round}: the tmpfs at ${path.path} is owned by ${uid}:${gid}: ${why}: EACCES`);
  }

  private toVolume(path: WritablePath, why: string, kind: WritableKind = path.kind): void {
    if (path.mount.type === 'volume') return;
    path.mount = { type: 'volume', name: volumeName(serviceNameFromImage(this.manifest.image.reference), path.path), seededFromImage: path.imageContent.files > 0 };
    path.kind = kind;
    path.reason = `learned from verify round ${this.round}: ${why}`;
    path.learnedInRound = this.round;
    this.learned.push(`round ${this.round}: ${path.path} becomes a volume: ${why}`);
  }

  private addPath(dir: string, kind: WritableKind, why: string, type: 'tmpfs' | 'volume', examples: string[]): void {
    const entry = this.index?.get(dir);
    const shipped = this.index?.filesBelow(dir).length ?? 0;
    const owner = { uid: entry?.uid ?? 0, gid: entry?.gid ?? 0, mode: formatMode(entry?.mode ?? 0o755) };
    const path: WritablePath = {
      path: dir,
      kind,
      reason: `learned from verify round ${this.round}: ${why}`,
      mount:
        type === 'volume'
          ? { type: 'volume', name: volumeName(serviceNameFromImage(this.manifest.image.reference), dir), seededFromImage: shipped > 0 }
          : { type: 'tmpfs', ...owner, sizeBytes: 64 * 1024 * 1024, noexec: true },
      evidence: { writers: [], files: examples.length, bytes: 0, fsyncs: 0, writesAtShutdown: 0, examples: examples.slice(0, 5), sources: ['verify'] },
      imageContent: { exists: entry !== undefined, files: shipped, readByApp: 0, ...owner },
      learnedInRound: this.round,
    };
    this.manifest.writablePaths = [...this.manifest.writablePaths, path].sort((a, b) => a.path.localeCompare(b.path));
    this.learned.push(`round ${this.round}: ${dir} becomes writable (${type === 'volume' ? 'a volume' : `a tmpfs ${owner.uid}:${owner.gid} mode ${owner.mode}`}): ${why}`);
  }

  /** The writable path whose mount holds `path`, the deepest one. */
  private mountOf(path: string): WritablePath | undefined {
    return this.manifest.writablePaths.filter((candidate) => isWithin(path, candidate.path)).sort((a, b) => b.path.length - a.path.length)[0];
  }
}

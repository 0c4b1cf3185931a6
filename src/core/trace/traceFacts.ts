import type { Credentials } from '../privileges/credentials';

/** What a syscall trace tells about a run, before any judgement about the image. */

export interface ExecRecord {
  pid: number;
  /** Path as executed (absolute; relative paths resolved against the process's cwd). */
  program: string;
  argv: string[];
  env: string[];
  uid: number;
  gid: number;
  /** Supplementary groups and umask the program started with. */
  groups: readonly number[];
  umask: number;
  cwd: string;
  /** Order among all execs of the run. */
  sequence: number;
}

export interface ProcessRecord {
  pid: number;
  parentPid?: number;
  /** Effective uid and gid (kept in step with `credentials`). */
  uid: number;
  gid: number;
  credentials: Credentials;
  /** A thread of its parent (clone with CLONE_THREAD): nothing to reap. */
  thread: boolean;
  /** Child processes (not threads) started since the last exec. */
  childrenSinceExec: number;
  /** Children reaped since the last exec (wait4/waitid that returned a pid). */
  reaped: number;
  cwd: string;
  /** The program the process runs (its last exec, or its parent's when it never exec'd). */
  program: string;
  /** The process image (see `processImageKey`) that forked this one; undefined for the first process. */
  bornOf?: string;
  /** Its own current process image (`processImageKey`), kept in step with `execs`. */
  imageKey: string;
  execs: ExecRecord[];
  exitCode?: number;
  killedBy?: string;
}

export interface WriterKey {
  program: string;
  uid: number;
  gid: number;
}

export interface PathWriteRecord {
  path: string;
  /** Whether the path was created during the run (O_CREAT, mkdir, rename target, bind of a socket…). */
  created: boolean;
  /** Whether the last thing that happened to it was a removal. */
  deleted: boolean;
  isDirectory: boolean;
  bytes: number;
  fsyncs: number;
  /** Operations after the stop signal reached the app that put data on disk (not removals). */
  shutdownWrites: number;
  operations: Set<string>;
  /** Mode given at mkdir/chmod (the last one wins), when the trace shows one. */
  mode?: number;
  /** Owner given at chown (the last one wins; -1 parts left unchanged). */
  owner?: { uid: number; gid: number };
  writers: Map<string, WriterKey & { bytes: number; operations: number }>;
}

export interface RefusedOperation {
  pid: number;
  program: string;
  syscall: string;
  path: string;
  errno: string;
  uid: number;
  gid: number;
  /** True when the call needed to change the filesystem (a refused read is reported apart). */
  write: boolean;
}

export interface BindRecord {
  port: number;
  protocol: 'tcp' | 'udp';
  program: string;
  pid: number;
  uid: number;
}

export interface CapabilityEvidence {
  capability: string;
  /** Program, syscall, path and ids: `/usr/bin/chmod: fchmodat /data as uid 0 gid 0: mode 0700 of a file owned by 999:999`. */
  detail: string;
  /** For a check of a file's mode or owner: the uid owning it (running as that uid would need no bypass). */
  fileOwner?: number;
  /** The path whose owner and mode decided (the file, or the directory that got a new entry). */
  checked?: string;
  /** `checked` was the image's own entry, not one the run created (a tmpfs over it would hide it). */
  shipped?: boolean;
  /** The caller's file-access ids at the time, to judge the call again against other mounts. */
  caller?: { fsuid: number; fsgid: number; groups: readonly number[] };
}

export interface CapabilityTally {
  capability: string;
  count: number;
  /** Distinct evidence lines, the first few. */
  evidence: CapabilityEvidence[];
  /** Owners (non-root) of the files whose mode or owner the capability bypassed. */
  fileOwners: Set<number>;
  /** Uses that were not a bypass of a non-root user's file (setuid, chown to another user, a root file…). */
  ownerless: number;
}

/** A refused call (EPERM/EACCES/EROFS…) that is not about a path, e.g. setgid or kill. */
export interface RefusedPrivilege {
  pid: number;
  program: string;
  syscall: string;
  errno: string;
  uid: number;
  /** The capability the call would have needed. */
  capability: string;
  detail: string;
}

/**
 * One program image of one process: pid and how many execs it had made (`42#1` is pid 42 after its
 * first exec). Paths used and changes made are tied to it, so that what the entrypoint script did
 * before it exec'd the app can be told from what the app itself did.
 */
export function processImageKey(process: Pick<ProcessRecord, 'pid' | 'execs'>): string {
  return imageKeyOf(process.pid, process.execs.length);
}

export function imageKeyOf(pid: number, generation: number): string {
  return `${pid}#${generation}`;
}

/** The pid and exec generation an image key names. */
export function parseImageKey(key: string): { pid: number; generation: number } {
  const [pid, generation] = key.split('#').map(Number);
  return { pid, generation };
}

/** A path the run used successfully: opened, executed, mapped, stat'ed, readlink'ed or listed. */
export interface PathUse {
  /** As the program named it (absolute, symlinks not resolved), or as the kernel resolved it. */
  path: string;
  executed: boolean;
  /**
   * The first few process images (`processImageKey`) that used it, and the last one: enough to
   * tell whether the app used it (the app's images come last), without a set that grows with every
   * worker process of a long run.
   */
  images: Set<string>;
  lastImage: string;
}

/** An mkdir, chown or chmod a process image made: how an entrypoint script prepared its directories. */
export interface MetadataChange {
  image: string;
  kind: 'mkdir' | 'chown' | 'chmod';
  path: string;
  /** mkdir (after the umask) and chmod. */
  mode?: number;
  /** chown (-1 leaves that part unchanged); for mkdir, the creator's file-system ids. */
  uid?: number;
  gid?: number;
}

/** What one process image wrote, in short. */
export interface ImageWrites {
  count: number;
  /** Distinct paths written, up to a bound. */
  paths: Set<string>;
}

export interface ReadRecord {
  path: string;
  /** The uids that read it (a root-only file read by root matters for a non-root user). */
  uids: Set<number>;
}

export interface TraceFacts {
  initialPid: number | undefined;
  processes: Map<number, ProcessRecord>;
  execs: ExecRecord[];
  writes: Map<string, PathWriteRecord>;
  reads: Map<string, ReadRecord>;
  /** Every path used successfully, with the process images that used it (what a minified image must keep). */
  uses: Map<string, PathUse>;
  /** mkdir/chown/chmod calls that succeeded, in order, with the process image that made them. */
  metadataChanges: MetadataChange[];
  /** Per process image, what it wrote. */
  imageWrites: Map<string, ImageWrites>;
  refused: RefusedOperation[];
  /** Privileged calls the kernel refused (EPERM), each with the capability it would have needed. */
  refusedPrivileges: RefusedPrivilege[];
  /** Paths the app looked for and did not find (ENOENT): a mount hiding image files shows here. */
  missing: Map<string, { program: string; syscall: string }>;
  binds: BindRecord[];
  /** Every distinct use of a capability the kernel checked (distinct program, call, path, ids). */
  capabilityUses: CapabilityEvidence[];
  /** Set once the stop signal reached the first process. */
  stopSignalSeen: boolean;
  /** The traced app wrote to the tracer's own files or attached to a process: the trace cannot be trusted. */
  tampering: string[];
  /** Things the tracer cannot see (io_uring file operations); worth a warning. */
  blindSpots: string[];
  lines: number;
  unparsedLines: number;
}

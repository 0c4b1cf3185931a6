/** What a syscall trace tells about a run, before any judgement about the image. */

export interface ExecRecord {
  pid: number;
  /** Path as executed (absolute; relative paths resolved against the process's cwd). */
  program: string;
  argv: string[];
  env: string[];
  uid: number;
  gid: number;
  cwd: string;
  /** Order among all execs of the run. */
  sequence: number;
}

export interface ProcessRecord {
  pid: number;
  parentPid?: number;
  uid: number;
  gid: number;
  cwd: string;
  /** The program the process runs (its last exec, or its parent's when it never exec'd). */
  program: string;
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
  detail: string;
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
  refused: RefusedOperation[];
  binds: BindRecord[];
  capabilityEvidence: CapabilityEvidence[];
  /** Set once the stop signal reached the first process. */
  stopSignalSeen: boolean;
  lines: number;
  unparsedLines: number;
}

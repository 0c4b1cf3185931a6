import { posix } from 'node:path';
import { detach } from './cString';
import { fdArg, hasFlag, numberArg, splitArgs, stringArg, stringArrayArg } from './syscallArgs';
import type {
  ProcessRecord,
  TraceFacts,
  WriterKey,
} from './traceFacts';
import type { SyscallEvent, TraceEvent } from './traceEvents';

export interface RecorderStart {
  /** Credentials and directory of the container's first process. */
  uid: number;
  gid: number;
  cwd: string;
  /** The signal `docker stop` sends (the image's StopSignal); marks the start of shutdown. */
  stopSignal: string;
}

const WRITE_OPEN_PATTERN = /\bO_(?:WRONLY|RDWR|CREAT|TRUNC|TMPFILE)\b/;
const SYNC_OPEN_FLAGS = ['O_SYNC', 'O_DSYNC'];
/** Errors that mean "the filesystem or the permissions refused this", the ones hardening can cause. */
const REFUSAL_ERRNOS = new Set(['EROFS', 'EACCES', 'EPERM']);
const CLONE_CALLS = new Set(['clone', 'clone3', 'fork', 'vfork']);
const FD_WRITE_CALLS = new Set(['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2', 'sendfile']);

interface WriteDetails {
  mode?: number;
  owner?: { uid: number; gid: number };
  created?: boolean;
  deleted?: boolean;
  isDirectory?: boolean;
  bytes?: number;
  fsync?: boolean;
  /** Counts as keeping data when it happens during shutdown. */
  persists?: boolean;
}

/**
 * Folds a stream of trace events into TraceFacts: the process tree with credentials, every exec,
 * every path written (with writer, bytes, fsyncs, shutdown writes), every path read, refused
 * operations, bound ports and the evidence for capabilities. Memory grows with distinct paths and
 * processes, not with the number of lines.
 */
export class TraceRecorder {
  private readonly facts: TraceFacts = {
    initialPid: undefined,
    processes: new Map(),
    execs: [],
    writes: new Map(),
    reads: new Map(),
    refused: [],
    binds: [],
    capabilityEvidence: [],
    stopSignalSeen: false,
    lines: 0,
    unparsedLines: 0,
  };
  /** Pids with a fork-like call in flight: a new pid appearing now is their child. */
  private readonly forking: number[] = [];
  private readonly capabilityKeys = new Set<string>();

  constructor(private readonly start: RecorderStart) {}

  consume(event: TraceEvent): void {
    const process = this.process(event.pid);
    switch (event.type) {
      case 'unfinished':
        if (CLONE_CALLS.has(event.name)) this.forking.push(event.pid);
        return;
      case 'signal':
        if (event.pid === this.facts.initialPid && event.signal === this.start.stopSignal) {
          this.facts.stopSignalSeen = true;
        }
        return;
      case 'exit':
        process.exitCode = event.code;
        process.killedBy = event.killedBy;
        return;
      case 'syscall':
        this.syscall(event, process);
        return;
    }
  }

  finish(lines: number, unparsedLines: number): TraceFacts {
    this.facts.lines = lines;
    this.facts.unparsedLines = unparsedLines;
    return this.facts;
  }

  private process(pid: number): ProcessRecord {
    let record = this.facts.processes.get(pid);
    if (record) return record;
    if (this.facts.initialPid === undefined) this.facts.initialPid = pid;
    const parentPid = this.forking.length > 0 ? this.forking[this.forking.length - 1] : undefined;
    const parent = parentPid === undefined ? undefined : this.facts.processes.get(parentPid);
    record = {
      pid,
      parentPid,
      uid: parent?.uid ?? this.start.uid,
      gid: parent?.gid ?? this.start.gid,
      cwd: parent?.cwd ?? this.start.cwd,
      program: parent?.program ?? '',
      execs: [],
    };
    this.facts.processes.set(pid, record);
    return record;
  }

  private syscall(event: SyscallEvent, process: ProcessRecord): void {
    const name = event.name;
    if (FD_WRITE_CALLS.has(name)) return this.fdWrite(event, process, 0);
    if (CLONE_CALLS.has(name)) return this.forked(event, process);
    switch (name) {
      case 'copy_file_range':
        return this.fdWrite(event, process, 2);
      case 'fsync':
      case 'fdatasync':
      case 'sync_file_range':
        return this.fdSync(event, process);
      case 'execve':
        return this.exec(event, process, 0);
      case 'execveat':
        return this.exec(event, process, 1);
      case 'open':
      case 'creat':
        return this.open(event, process, -1, 0, name === 'creat' ? 'O_WRONLY|O_CREAT|O_TRUNC' : undefined);
      case 'openat':
      case 'openat2':
        return this.open(event, process, 0, 1);
      case 'chdir':
      case 'fchdir':
        return this.changeDirectory(event, process);
      default:
        this.credentials(event, process) || this.pathOperation(event, process) || this.otherCall(event, process);
    }
  }

  // ---- processes -------------------------------------------------------------------------------

  private forked(event: SyscallEvent, process: ProcessRecord): void {
    const index = this.forking.lastIndexOf(process.pid);
    if (index >= 0) this.forking.splice(index, 1);
    if (event.result === null || event.result <= 0) return;
    const child = this.facts.processes.get(event.result);
    if (child) {
      child.parentPid = process.pid;
      return;
    }
    this.facts.processes.set(event.result, {
      pid: event.result,
      parentPid: process.pid,
      uid: process.uid,
      gid: process.gid,
      cwd: process.cwd,
      program: process.program,
      execs: [],
    });
  }

  private exec(event: SyscallEvent, process: ProcessRecord, pathIndex: number): void {
    if (event.result !== 0) return;
    const args = splitArgs(event.args);
    const path = stringArg(args[pathIndex]);
    if (path === undefined) return;
    const program = detach(posix.resolve(process.cwd, path));
    const record = {
      pid: process.pid,
      program,
      argv: (stringArrayArg(args[pathIndex + 1]) ?? []).map(detach),
      env: (stringArrayArg(args[pathIndex + 2]) ?? []).map(detach),
      uid: process.uid,
      gid: process.gid,
      cwd: process.cwd,
      sequence: this.facts.execs.length,
    };
    process.program = program;
    process.execs.push(record);
    this.facts.execs.push(record);
    this.read(program, process.uid);
  }

  private changeDirectory(event: SyscallEvent, process: ProcessRecord): void {
    if (event.result !== 0) return;
    const [first] = splitArgs(event.args);
    const target = event.name === 'chdir' ? this.resolve(process, undefined, stringArg(first)) : fdArg(first)?.path;
    if (target) process.cwd = detach(target);
  }

  private credentials(event: SyscallEvent, process: ProcessRecord): boolean {
    const kind = credentialCall(event.name);
    if (!kind) return false;
    if (event.result !== 0) return true;
    const args = splitArgs(event.args).map(numberArg);
    const wasRoot = process.uid === 0;
    if (kind === 'groups') {
      if (wasRoot) this.capability('SETGID', `${process.program} called setgroups`);
      return true;
    }
    // setXid(id), setreXid(real, effective), setresXid(real, effective, saved): the effective id decides.
    const effective = event.name.startsWith('setres') || event.name.startsWith('setre') ? args[1] : args[0];
    const id = effective === undefined || effective === -1 ? undefined : effective;
    if (kind === 'uid') {
      if (wasRoot && id !== undefined && id !== 0) this.capability('SETUID', `${process.program} switched to uid ${id}`);
      if (id !== undefined) process.uid = id;
    } else {
      if (wasRoot && id !== undefined && id !== process.gid) {
        this.capability('SETGID', `${process.program} switched to gid ${id}`);
      }
      if (id !== undefined) process.gid = id;
    }
    return true;
  }

  // ---- files -----------------------------------------------------------------------------------

  private open(event: SyscallEvent, process: ProcessRecord, dirIndex: number, pathIndex: number, impliedFlags?: string): void {
    // Most opens are successful reads (libraries, config): the returned fd names the file, no need to split.
    if (impliedFlags === undefined && event.resultPath !== undefined && event.resultPath.startsWith('/') && !WRITE_OPEN_PATTERN.test(event.args)) {
      this.read(event.resultPath, process.uid);
      return;
    }
    const args = splitArgs(event.args, pathIndex + 3);
    const requested = this.resolve(process, dirIndex < 0 ? undefined : args[dirIndex], stringArg(args[pathIndex]));
    const flags = impliedFlags ?? (event.name === 'openat2' ? /flags=([A-Z_|0-9]+)/.exec(args[2] ?? '')?.[1] : args[pathIndex + 1]);
    const writes = WRITE_OPEN_PATTERN.test(flags ?? '');
    const path = event.resultPath && event.resultPath.startsWith('/') ? event.resultPath : requested;
    if (!path) return;
    if (event.result === null || event.result < 0) {
      this.refusal(event, process, path, writes);
      return;
    }
    if (!writes) {
      this.read(path, process.uid);
      return;
    }
    this.write(process, path, event.name, {
      created: hasFlag(flags, 'O_CREAT') || hasFlag(flags, 'O_TMPFILE'),
      isDirectory: hasFlag(flags, 'O_TMPFILE'),
      fsync: SYNC_OPEN_FLAGS.some((flag) => hasFlag(flags, flag)),
      persists: hasFlag(flags, 'O_CREAT') || hasFlag(flags, 'O_TRUNC'),
    });
  }

  private fdWrite(event: SyscallEvent, process: ProcessRecord, fdIndex: number): void {
    if (event.result === null || event.result <= 0) return;
    const token = fdIndex === 0 ? event.args : splitArgs(event.args)[fdIndex];
    const path = fdArg(token)?.path;
    if (!path || !path.startsWith('/')) return;
    this.write(process, path, event.name, { bytes: event.result, persists: true });
  }

  private fdSync(event: SyscallEvent, process: ProcessRecord): void {
    if (event.result !== 0) return;
    const path = fdArg(event.args)?.path;
    if (!path || !path.startsWith('/')) return;
    this.write(process, path, event.name, { fsync: true, persists: true });
  }

  /** Calls that name paths and change the filesystem. Returns false when `event` is none of them. */
  private pathOperation(event: SyscallEvent, process: ProcessRecord): boolean {
    const args = splitArgs(event.args);
    const at = (dirIndex: number, pathIndex: number): string | undefined =>
      this.resolve(process, args[dirIndex], stringArg(args[pathIndex]));
    const plain = (pathIndex: number): string | undefined => this.resolve(process, undefined, stringArg(args[pathIndex]));
    const fdPath = (index: number): string | undefined => fdArg(args[index])?.path;
    const targets: Array<[string | undefined, WriteDetails]> = [];
    switch (event.name) {
      case 'mkdir':
        targets.push([plain(0), { created: true, isDirectory: true, persists: true, mode: withUmask(octalArg(args[1])) }]);
        break;
      case 'mkdirat':
        targets.push([at(0, 1), { created: true, isDirectory: true, persists: true, mode: withUmask(octalArg(args[2])) }]);
        break;
      case 'rmdir':
        targets.push([plain(0), { deleted: true, isDirectory: true }]);
        break;
      case 'unlink':
        targets.push([plain(0), { deleted: true }]);
        break;
      case 'unlinkat':
        targets.push([at(0, 1), { deleted: true, isDirectory: (args[2] ?? '').includes('AT_REMOVEDIR') }]);
        break;
      case 'rename':
        targets.push([plain(0), { deleted: true }], [plain(1), { created: true, persists: true }]);
        break;
      case 'renameat':
      case 'renameat2':
        targets.push([at(0, 1), { deleted: true }], [at(2, 3), { created: true, persists: true }]);
        break;
      case 'link':
        targets.push([plain(1), { created: true, persists: true }]);
        break;
      case 'linkat':
        targets.push([at(2, 3), { created: true, persists: true }]);
        break;
      case 'symlink':
        targets.push([plain(1), { created: true, persists: true }]);
        break;
      case 'symlinkat':
        targets.push([at(1, 2), { created: true, persists: true }]);
        break;
      case 'mknod':
        targets.push([plain(0), { created: true, persists: true }]);
        this.deviceNode(event, process, args[1]);
        break;
      case 'mknodat':
        targets.push([at(0, 1), { created: true, persists: true }]);
        this.deviceNode(event, process, args[2]);
        break;
      case 'truncate':
        targets.push([plain(0), { persists: true }]);
        break;
      case 'ftruncate':
        targets.push([fdPath(0), { persists: true }]);
        break;
      case 'chmod':
        targets.push([plain(0), { mode: octalArg(args[1]) }]);
        break;
      case 'fchmod':
        targets.push([fdPath(0), { mode: octalArg(args[1]) }]);
        break;
      case 'fchmodat':
        targets.push([at(0, 1), { mode: octalArg(args[2]) }]);
        break;
      case 'chown':
      case 'lchown':
        targets.push([plain(0), { owner: this.ownerChange(event, process, args[1], args[2]) }]);
        break;
      case 'fchown':
        targets.push([fdPath(0), { owner: this.ownerChange(event, process, args[1], args[2]) }]);
        break;
      case 'fchownat':
        targets.push([at(0, 1), { owner: this.ownerChange(event, process, args[2], args[3]) }]);
        break;
      case 'utimensat':
        targets.push([args[1] === 'NULL' ? fdPath(0) : at(0, 1), {}]);
        break;
      default:
        return false;
    }
    for (const [path, details] of targets) {
      if (!path) continue;
      if (event.result === null || event.result < 0) this.refusal(event, process, path, true);
      else this.write(process, path, event.name, details);
    }
    return true;
  }

  private write(process: ProcessRecord, path: string, operation: string, details: WriteDetails): void {
    if (isVirtualPath(path)) return;
    let record = this.facts.writes.get(path);
    if (!record) {
      path = detach(path);
      record = {
        path,
        created: false,
        deleted: false,
        isDirectory: false,
        bytes: 0,
        fsyncs: 0,
        shutdownWrites: 0,
        operations: new Set(),
        writers: new Map(),
      };
      this.facts.writes.set(path, record);
    }
    record.operations.add(operation);
    if (details.created) {
      record.created = true;
      record.deleted = false;
    }
    if (details.deleted) record.deleted = true;
    if (details.isDirectory) record.isDirectory = true;
    if (details.mode !== undefined) record.mode = details.mode;
    if (details.owner) {
      record.owner = {
        uid: details.owner.uid === -1 ? record.owner?.uid ?? -1 : details.owner.uid,
        gid: details.owner.gid === -1 ? record.owner?.gid ?? -1 : details.owner.gid,
      };
    }
    record.bytes += details.bytes ?? 0;
    if (details.fsync) record.fsyncs += 1;
    if (details.persists && this.facts.stopSignalSeen) record.shutdownWrites += 1;
    const key = writerKey(process);
    const existing = record.writers.get(key);
    if (existing) {
      existing.bytes += details.bytes ?? 0;
      existing.operations += 1;
    } else {
      const writer: WriterKey = { program: process.program, uid: process.uid, gid: process.gid };
      record.writers.set(key, { ...writer, bytes: details.bytes ?? 0, operations: 1 });
    }
  }

  private read(path: string, uid: number): void {
    if (isVirtualPath(path)) return;
    const record = this.facts.reads.get(path);
    if (record) record.uids.add(uid);
    else {
      const kept = detach(path);
      this.facts.reads.set(kept, { path: kept, uids: new Set([uid]) });
    }
  }

  private refusal(event: SyscallEvent, process: ProcessRecord, path: string, write: boolean): void {
    if (!event.errno || !REFUSAL_ERRNOS.has(event.errno) || isVirtualPath(path)) return;
    this.facts.refused.push({
      pid: process.pid,
      program: process.program,
      syscall: event.name,
      path: detach(path),
      errno: event.errno,
      uid: process.uid,
      write,
    });
  }

  // ---- privileges ------------------------------------------------------------------------------

  /** The owner a chown asked for; records CHOWN when root gave a file away. */
  private ownerChange(
    event: SyscallEvent,
    process: ProcessRecord,
    uidToken?: string,
    gidToken?: string,
  ): { uid: number; gid: number } | undefined {
    const uid = numberArg(uidToken) ?? -1;
    const gid = numberArg(gidToken) ?? -1;
    if (event.result !== 0 || (uid === -1 && gid === -1)) return undefined;
    if (process.uid === 0) {
      this.capability('CHOWN', `${process.program} changed the owner of files (${event.name} to ${uid}:${gid})`);
    }
    return { uid, gid };
  }

  private deviceNode(event: SyscallEvent, process: ProcessRecord, modeToken?: string): void {
    if (event.result === 0 && /S_IF(CHR|BLK)/.test(modeToken ?? '')) {
      this.capability('MKNOD', `${process.program} created a device node`);
    }
  }

  private otherCall(event: SyscallEvent, process: ProcessRecord): void {
    if (event.result === null || event.result < 0) return;
    const args = splitArgs(event.args);
    switch (event.name) {
      case 'bind':
        return this.bind(args, process);
      case 'kill':
      case 'tkill':
        return this.signalSent(process, numberArg(args[0]), args[1]);
      case 'tgkill':
        return this.signalSent(process, numberArg(args[1]), args[2]);
      case 'chroot':
        return this.capability('SYS_CHROOT', `${process.program} called chroot`);
      case 'mount':
        return this.capability('SYS_ADMIN', `${process.program} mounted a filesystem`);
      case 'socket':
        if (/AF_PACKET|SOCK_RAW/.test(event.args)) this.capability('NET_RAW', `${process.program} opened a raw socket`);
        return;
      default:
        return;
    }
  }

  private bind(args: string[], process: ProcessRecord): void {
    const address = args[1] ?? '';
    const unixPath = /sa_family=AF_UNIX, sun_path="((?:[^"\\]|\\.)*)"/.exec(address)?.[1];
    if (unixPath !== undefined) {
      const path = this.resolve(process, undefined, stringArg(`"${unixPath}"`));
      if (path) this.write(process, path, 'bind', { created: true, persists: true });
      return;
    }
    const port = /sin6?_port=htons\((\d+)\)/.exec(address)?.[1];
    if (port === undefined) return;
    const socketKind = fdArg(args[0])?.path ?? '';
    const protocol = socketKind.startsWith('UDP') ? 'udp' : 'tcp';
    const portNumber = Number(port);
    if (portNumber === 0) return;
    if (!this.facts.binds.some((bind) => bind.port === portNumber && bind.protocol === protocol && bind.pid === process.pid)) {
      this.facts.binds.push({ port: portNumber, protocol, program: process.program, pid: process.pid, uid: process.uid });
    }
    if (portNumber < 1024) this.capability('NET_BIND_SERVICE', `${process.program} bound port ${portNumber}/${protocol}`);
  }

  private signalSent(process: ProcessRecord, targetPid: number | undefined, signal: string | undefined): void {
    if (targetPid === undefined || targetPid <= 0 || signal === '0' || process.uid !== 0) return;
    const target = this.facts.processes.get(targetPid);
    if (target && target.uid !== process.uid) {
      this.capability('KILL', `${process.program} sent ${signal} to ${target.program} running as uid ${target.uid}`);
    }
  }

  private capability(capability: string, detail: string): void {
    const key = `${capability}\u0000${detail}`;
    if (this.capabilityKeys.has(key)) return;
    this.capabilityKeys.add(key);
    this.facts.capabilityEvidence.push({ capability, detail });
  }

  /** Absolute, normalised path of a path argument, relative to a directory fd or the cwd. */
  private resolve(process: ProcessRecord, dirToken: string | undefined, path: string | undefined): string | undefined {
    if (path === undefined || path === '') return undefined;
    if (path.startsWith('/')) return path.includes('/.') || path.includes('//') || path.endsWith('/') ? posix.normalize(path) : path;
    const dir = dirToken === undefined ? process.cwd : fdArg(dirToken)?.path ?? process.cwd;
    return posix.resolve(dir.startsWith('/') ? dir : process.cwd, path);
  }
}

/** `0755` → 493; strace prints modes in octal (sometimes with symbolic file-type bits first). */
function octalArg(token: string | undefined): number | undefined {
  const octal = /(?:^|\|)(0[0-7]*)$/.exec(token ?? '')?.[1];
  return octal === undefined ? undefined : parseInt(octal, 8);
}

/** mkdir's mode minus the usual umask (022): what the directory really gets. */
function withUmask(mode: number | undefined): number | undefined {
  return mode === undefined ? undefined : mode & ~0o022;
}

const writerKeys = new WeakMap<ProcessRecord, { program: string; uid: number; gid: number; key: string }>();

/** `program\0uid\0gid`, built once per process identity rather than once per write. */
function writerKey(process: ProcessRecord): string {
  const cached = writerKeys.get(process);
  if (cached && cached.program === process.program && cached.uid === process.uid && cached.gid === process.gid) return cached.key;
  const key = `${process.program}\u0000${process.uid}\u0000${process.gid}`;
  writerKeys.set(process, { program: process.program, uid: process.uid, gid: process.gid, key });
  return key;
}

function credentialCall(name: string): 'uid' | 'gid' | 'groups' | undefined {
  switch (name) {
    case 'setuid':
    case 'setreuid':
    case 'setresuid':
      return 'uid';
    case 'setgid':
    case 'setregid':
    case 'setresgid':
      return 'gid';
    case 'setgroups':
      return 'groups';
    default:
      return undefined;
  }
}

/** Kernel and runtime filesystems that are writable in any container and never need a mount. */
export function isVirtualPath(path: string): boolean {
  return (
    path === '/dev' ||
    path.startsWith('/dev/') ||
    path === '/proc' ||
    path.startsWith('/proc/') ||
    path === '/sys' ||
    path.startsWith('/sys/') ||
    path.startsWith('/.harden-') ||
    path === '/etc/hosts' ||
    path === '/etc/hostname' ||
    path === '/etc/resolv.conf'
  );
}

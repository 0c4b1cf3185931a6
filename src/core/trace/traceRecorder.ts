import { posix } from 'node:path';
import type { ImageIndex } from '../image/imageIndex';
import { afterCapset, afterExec, applyIdCall, initialCredentials, isIdCall } from '../privileges/credentials';
import { FileTable } from '../privileges/fileTable';
import { PrivilegeChecks } from '../privileges/privilegeChecks';
import { detach } from './cString';
import { fdArg, hasFlag, numberArg, splitArgs, stringArg, stringArrayArg } from './syscallArgs';
import { imageKeyOf, processImageKey } from './traceFacts';
import type {
  CapabilityEvidence,
  MetadataChange,
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
  /** Supplementary groups of the first process (default: its gid). */
  groups?: number[];
  /** The image's files with owners and modes: lets the recorder tell which calls needed a capability. */
  index?: ImageIndex;
}

/** A path (quoted, or in an fd annotation) inside the tracer's own folders in the traced container. */
const TRACER_PATH_PATTERN = /["<]\/\.harden-(?:out|tracer)(?:[/"<>]|$)/;

const WRITE_OPEN_PATTERN = /\bO_(?:WRONLY|RDWR|CREAT|TRUNC|TMPFILE)\b/;
const SYNC_OPEN_FLAGS = ['O_SYNC', 'O_DSYNC'];
/** Errors that mean "the filesystem or the permissions refused this", the ones hardening can cause. */
const REFUSAL_ERRNOS = new Set(['EROFS', 'EACCES', 'EPERM']);
/** Distinct capability uses kept (one per program, call, path and ids). */
const MAX_CAPABILITY_USES = 100_000;
/** Refused calls kept (a crash loop can refuse the same call thousands of times). */
const MAX_REFUSALS = 1000;
/** Paths looked up and not found (library search paths alone are dozens per program). */
const MAX_MISSING = 20_000;
/** mkdir/chown/chmod calls kept (a `chown -R` of a data directory makes one per file). */
const MAX_METADATA_CHANGES = 20_000;
/** Process images remembered per path used, besides the last one. */
const FIRST_IMAGES_PER_USE = 4;
/** Distinct paths kept per process image that wrote (an initdb writes about a thousand). */
const IMAGE_WRITE_PATHS = 20_000;
/** Calls that let one process write another's memory or files: by the traced app, they forge the trace. */
const TAMPERING_CALLS = new Set(['ptrace', 'process_vm_writev']);
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
    uses: new Map(),
    metadataChanges: [],
    imageWrites: new Map(),
    refused: [],
    refusedPrivileges: [],
    missing: new Map(),
    binds: [],
    capabilityUses: [],
    stopSignalSeen: false,
    tampering: [],
    blindSpots: [],
    lines: 0,
    unparsedLines: 0,
  };
  /** Pids with a fork-like call in flight: a new pid appearing now is their child. */
  private readonly forking: number[] = [];
  private readonly capabilityKeys = new Set<string>();
  private lastWrite = { image: '', path: '' };
  private readonly checks: PrivilegeChecks;

  constructor(private readonly start: RecorderStart) {
    this.checks = new PrivilegeChecks(new FileTable(start.index), (evidence) => this.capability(evidence));
  }

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
    const credentials = parent?.credentials ?? initialCredentials(this.start.uid, this.start.gid, this.start.groups);
    record = {
      pid,
      parentPid,
      uid: credentials.euid,
      gid: credentials.egid,
      credentials,
      thread: false,
      childrenSinceExec: 0,
      reaped: 0,
      cwd: parent?.cwd ?? this.start.cwd,
      program: parent?.program ?? '',
      ...(parent ? { bornOf: parent.imageKey } : {}),
      imageKey: imageKeyOf(pid, 0),
      execs: [],
    };
    this.facts.processes.set(pid, record);
    return record;
  }

  private syscall(event: SyscallEvent, process: ProcessRecord): void {
    const name = event.name;
    if (FD_WRITE_CALLS.has(name)) return this.fdWrite(event, process, 0);
    if (TAMPERING_CALLS.has(name)) {
      if (event.result !== null && event.result >= 0) this.tampered(process, `${name}(${event.args.slice(0, 80)})`);
      return;
    }
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
      case 'stat':
      case 'lstat':
      case 'access':
      case 'readlink':
        return this.lookup(event, process, -1, 0);
      case 'newfstatat':
      case 'fstatat64':
      case 'statx':
      case 'faccessat':
      case 'faccessat2':
      case 'readlinkat':
        return this.lookup(event, process, 0, 1);
      default:
        this.credentials(event, process) || this.pathOperation(event, process) || this.otherCall(event, process);
    }
  }

  // ---- processes -------------------------------------------------------------------------------

  private forked(event: SyscallEvent, process: ProcessRecord): void {
    const index = this.forking.lastIndexOf(process.pid);
    if (index >= 0) this.forking.splice(index, 1);
    if (event.result === null || event.result <= 0) return;
    const thread = event.args.includes('CLONE_THREAD');
    if (!thread) process.childrenSinceExec += 1;
    const child = this.facts.processes.get(event.result);
    if (child) {
      child.parentPid = process.pid;
      child.thread = thread;
      child.bornOf = process.imageKey;
      return;
    }
    this.facts.processes.set(event.result, {
      pid: event.result,
      parentPid: process.pid,
      uid: process.uid,
      gid: process.gid,
      credentials: process.credentials,
      thread,
      childrenSinceExec: 0,
      reaped: 0,
      cwd: process.cwd,
      program: process.program,
      bornOf: process.imageKey,
      imageKey: imageKeyOf(event.result, 0),
      execs: [],
    });
  }

  private exec(event: SyscallEvent, process: ProcessRecord, pathIndex: number): void {
    if (event.result !== 0) return;
    const args = splitArgs(event.args);
    const path = stringArg(args[pathIndex]);
    if (path === undefined) return;
    const program = detach(posix.resolve(process.cwd, path));
    this.checks.execute(process, event.name, this.checks.files.resolve(program));
    this.setCredentials(process, afterExec(process.credentials));
    process.childrenSinceExec = 0;
    process.reaped = 0;
    const record = {
      pid: process.pid,
      program,
      argv: (stringArrayArg(args[pathIndex + 1]) ?? []).map(detach),
      env: (stringArrayArg(args[pathIndex + 2]) ?? []).map(detach),
      uid: process.uid,
      gid: process.gid,
      groups: process.credentials.groups,
      umask: process.credentials.umask,
      cwd: process.cwd,
      sequence: this.facts.execs.length,
    };
    process.program = program;
    process.execs.push(record);
    process.imageKey = processImageKey(process);
    this.facts.execs.push(record);
    this.read(program, process.uid);
    this.used(process, program, true);
  }

  private changeDirectory(event: SyscallEvent, process: ProcessRecord): void {
    if (event.result !== 0) return;
    const [first] = splitArgs(event.args);
    const target = event.name === 'chdir' ? this.resolve(process, undefined, stringArg(first)) : fdArg(first)?.path;
    if (target) process.cwd = detach(target);
  }

  /** set*id, setgroups, capset, PR_SET_KEEPCAPS and umask: what the process may do next. */
  private credentials(event: SyscallEvent, process: ProcessRecord): boolean {
    const name = event.name;
    if (!isIdCall(name) && name !== 'capset' && name !== 'prctl' && name !== 'umask') return false;
    if (event.result === null || event.result < 0) {
      if (event.errno === 'EPERM' && isIdCall(name)) this.refusedPrivilege(event, process, name.includes('uid') ? 'SETUID' : 'SETGID', `${name}(${event.args})`);
      return true;
    }
    const args = splitArgs(event.args);
    const before = process.credentials;
    if (name === 'umask') {
      const mask = octalArg(args[0]);
      if (mask !== undefined) this.setCredentials(process, { ...before, umask: mask });
    } else if (name === 'prctl') {
      if (args[0] === 'PR_SET_KEEPCAPS') this.setCredentials(process, { ...before, keepCaps: args[1] === '1' });
    } else if (name === 'capset') {
      const effective = /effective=([^,}]*)/.exec(args[1] ?? '')?.[1] ?? '';
      this.setCredentials(process, afterCapset(before, new Set(effective.match(/CAP_[A-Z_]+/g)?.map((cap) => cap.slice(4)) ?? [])));
    } else {
      const groups = name === 'setgroups' ? (/\[([^\]]*)\]/.exec(args[1] ?? '')?.[1] ?? '').split(',').map((item) => item.trim()).filter((item) => /^\d+$/.test(item)).map(Number) : undefined;
      const change = applyIdCall(before, name, args.map(numberArg), groups);
      this.setCredentials(process, change.next);
      this.checks.idChanged(process, name, change.capability, change.requested, before);
    }
    return true;
  }

  private setCredentials(process: ProcessRecord, credentials: ProcessRecord['credentials']): void {
    process.credentials = credentials;
    process.uid = credentials.euid;
    process.gid = credentials.egid;
  }

  // ---- files -----------------------------------------------------------------------------------

  private open(event: SyscallEvent, process: ProcessRecord, dirIndex: number, pathIndex: number, impliedFlags?: string): void {
    // Most opens are successful reads (libraries, config): the returned fd names the file, no need to split.
    if (impliedFlags === undefined && event.resultPath !== undefined && event.resultPath.startsWith('/') && !WRITE_OPEN_PATTERN.test(event.args)) {
      if (!isVirtualPath(event.resultPath)) this.checks.open(process, event.name, event.resultPath, event.args, undefined);
      this.read(event.resultPath, process.uid);
      this.usedAsNamed(event, process, dirIndex, pathIndex, event.resultPath);
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
    if (!isVirtualPath(path)) {
      const mode = event.name === 'openat2' ? octalArg(/mode=(0[0-7]*)/.exec(args[2] ?? '')?.[1]) : octalArg(impliedFlags ? args[pathIndex + 1] : args[pathIndex + 2]);
      this.checks.open(process, event.name, this.checks.files.resolve(path), flags ?? '', mode);
    }
    if (!writes) {
      this.read(path, process.uid);
      this.used(process, path, false);
      if (requested !== undefined && requested !== path) this.used(process, requested, false);
      return;
    }
    if (isTracerPath(path)) return this.tampered(process, `${event.name}(${event.args.slice(0, 120)})`);
    this.write(process, path, event.name, {
      created: hasFlag(flags, 'O_CREAT') || hasFlag(flags, 'O_TMPFILE'),
      isDirectory: hasFlag(flags, 'O_TMPFILE'),
      fsync: SYNC_OPEN_FLAGS.some((flag) => hasFlag(flags, flag)),
      persists: hasFlag(flags, 'O_CREAT') || hasFlag(flags, 'O_TRUNC'),
    });
  }

  /**
   * stat, access, readlink: a lookup that changes nothing. It needs search permission on the
   * directories above the path (a capability, for root in another user's 0700 directory), and a
   * path it did not find may be one a mount hid. Successful lookups by processes no check can apply
   * to are by far the most common and are not even split.
   */
  private lookup(event: SyscallEvent, process: ProcessRecord, dirIndex: number, pathIndex: number): void {
    const failed = event.result === null || event.result < 0;
    // The common case — an absolute path found, by a process no check applies to — needs no split.
    if (!failed && !this.checks.mayBypass(process)) {
      const quick = plainQuoted(event.args);
      if (quick !== undefined && isPlainAbsolute(quick)) {
        this.used(process, quick, false);
        return;
      }
    }
    const args = splitArgs(event.args, pathIndex + 2);
    const requested = stringArg(args[pathIndex]);
    if (requested === undefined) return;
    // `fstatat(fd, "", …, AT_EMPTY_PATH)` looks at the fd itself.
    const path = requested === '' ? (dirIndex < 0 ? undefined : fdArg(args[dirIndex])?.path) : this.resolve(process, dirIndex < 0 ? undefined : args[dirIndex], requested);
    if (!path || !path.startsWith('/') || isVirtualPath(path)) return;
    if (failed) {
      if (requested !== '') this.refusal(event, process, path, false);
      return;
    }
    this.used(process, path, false);
    if (requested !== '' && this.checks.mayBypass(process)) this.checks.lookedUp(process, event.name, this.checks.files.resolve(path));
  }

  /**
   * A successful open by path: the file as the program named it (through symlinks, which a minified
   * image must keep too) besides where the kernel found it. Split only when the two may differ.
   */
  private usedAsNamed(event: SyscallEvent, process: ProcessRecord, dirIndex: number, pathIndex: number, found: string): void {
    this.used(process, found, false);
    // Most opens name the file where it is: the first quoted argument is then exactly what -yy printed;
    // a library opened through /lib names an absolute path that needs no resolving either.
    const quick = plainQuoted(event.args);
    if (quick === found) return;
    if (quick !== undefined && isPlainAbsolute(quick)) return this.used(process, quick, false);
    const args = splitArgs(event.args, pathIndex + 2);
    const requested = this.resolve(process, dirIndex < 0 ? undefined : args[dirIndex], stringArg(args[pathIndex]));
    if (requested !== undefined && requested !== found) this.used(process, requested, false);
  }

  private used(process: ProcessRecord, path: string, executed: boolean): void {
    if (isVirtualPath(path) || isTracerPath(path)) return;
    const image = process.imageKey;
    const record = this.facts.uses.get(path);
    if (record) {
      if (record.lastImage !== image) {
        if (record.images.size < FIRST_IMAGES_PER_USE) record.images.add(image);
        record.lastImage = image;
      }
      if (executed) record.executed = true;
    } else {
      const kept = detach(path);
      this.facts.uses.set(kept, { path: kept, executed, images: new Set([image]), lastImage: image });
    }
  }

  private fdWrite(event: SyscallEvent, process: ProcessRecord, fdIndex: number): void {
    if (event.result === null || event.result <= 0) return;
    const token = fdIndex === 0 ? event.args : splitArgs(event.args)[fdIndex];
    const path = fdArg(token)?.path;
    if (!path || !path.startsWith('/')) return;
    if (isTracerPath(path)) return this.tampered(process, `${event.name}(${event.args.slice(0, 120)})`);
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
    const name = event.name;
    const call = PATH_CALLS[name];
    if (!call) return false;
    const args = splitArgs(event.args);
    const path = this.locate(process, args, call.path);
    const other = call.other ? this.locate(process, args, call.other) : undefined;
    // Changing the tracer's own files (the trace itself) could forge the trace: the call is itself traced, so it is seen.
    if ((path !== undefined && isTracerPath(path) && call.kind !== 'link') || (other !== undefined && isTracerPath(other))) {
      if (event.result !== null && event.result >= 0) this.tampered(process, `${name}(${event.args.slice(0, 120)})`);
      return true;
    }
    if (event.result === null || event.result < 0) {
      // A link's source is only read; the target (and both ends of a rename) are what was refused.
      if (path && call.kind !== 'link') this.refusal(event, process, path, true);
      if (other) this.refusal(event, process, other, true);
      return true;
    }
    const mode = call.mode === undefined ? undefined : octalArg(args[call.mode]);
    const uid = call.owner === undefined ? -1 : numberArg(args[call.owner]) ?? -1;
    const gid = call.owner === undefined ? -1 : numberArg(args[call.owner + 1]) ?? -1;
    if (path && (call.kind === 'mkdir' || call.kind === 'chmod' || call.kind === 'chown')) {
      const { fsuid, fsgid, umask } = process.credentials;
      // A new directory belongs to the creator's file-system ids: the init, creating it as root, must chown it so.
      const details = call.kind === 'chown' ? { uid, gid } : call.kind === 'chmod' ? { mode } : { mode: mode === undefined ? undefined : mode & ~umask, uid: fsuid, gid: fsgid };
      this.metadataChanged(process, call.kind, path, details);
    }
    switch (call.kind) {
      case 'mkdir':
        if (path) this.write(process, path, name, { created: true, isDirectory: true, persists: true, mode: mode === undefined ? undefined : mode & ~process.credentials.umask });
        break;
      case 'remove':
        if (path) this.write(process, path, name, { deleted: true, isDirectory: name === 'rmdir' || (args[2] ?? '').includes('AT_REMOVEDIR') });
        break;
      case 'rename':
        if (path) this.write(process, path, name, { deleted: true });
        if (other) this.write(process, other, name, { created: true, persists: true });
        break;
      case 'link':
        if (other) this.write(process, other, name, { created: true, persists: true });
        break;
      case 'symlink':
      case 'mknod':
        if (path) this.write(process, path, name, { created: true, persists: true });
        break;
      case 'truncate':
        if (path) this.write(process, path, name, { persists: true });
        break;
      case 'chmod':
        if (path) this.write(process, path, name, { mode });
        break;
      case 'chown':
        if (path) this.write(process, path, name, { owner: uid === -1 && gid === -1 ? undefined : { uid, gid } });
        break;
      case 'times':
        if (path) this.write(process, path, name, {});
        break;
      case 'xattr':
        // An extended attribute changes metadata, not content: it needs a permission, not a writable mount of its own.
        break;
    }
    const target = this.real(path);
    if (target === undefined) return true;
    const checks = this.checks;
    switch (call.kind) {
      case 'mkdir':
        checks.created(process, name, target, 'directory', mode ?? 0o777);
        break;
      case 'remove':
        checks.removed(process, name, target);
        break;
      case 'rename': {
        const to = this.real(other);
        if (to !== undefined) checks.renamed(process, name, target, to);
        break;
      }
      case 'link': {
        const to = this.real(other);
        if (to !== undefined) checks.linked(process, name, target, to);
        break;
      }
      case 'symlink':
        checks.created(process, name, target, 'symlink', 0o777);
        break;
      case 'mknod':
        if (/S_IF(CHR|BLK)/.test(args[call.mode ?? 1] ?? '')) checks.always(process, 'MKNOD', name, target, 'creates a device node');
        checks.created(process, name, target, 'other', mode ?? 0o600);
        break;
      case 'truncate':
        checks.truncated(process, name, target);
        break;
      case 'chmod':
        if (mode !== undefined) checks.chmodded(process, name, target, mode);
        break;
      case 'chown':
        checks.chowned(process, name, target, uid, gid);
        break;
      case 'times':
        checks.timesSet(process, name, target, !/^(NULL|\[UTIME_NOW, UTIME_NOW\])$/.test(args[2] ?? 'NULL'));
        break;
      case 'xattr':
        checks.attributeSet(process, name, target, stringArg(args[1]) ?? '');
        break;
    }
    return true;
  }

  /** The path an argument names: a plain path, one relative to a directory fd, or an fd itself. */
  private locate(process: ProcessRecord, args: string[], where: PathArgument): string | undefined {
    if (where.fd !== undefined) return fdArg(args[where.fd])?.path;
    const given = stringArg(args[where.path]);
    // utimensat(fd, NULL, …) sets the times of the fd itself.
    if (given === undefined && where.dir !== undefined && args[where.path] === 'NULL') return fdArg(args[where.dir])?.path;
    return this.resolve(process, where.dir === undefined ? undefined : args[where.dir], given);
  }

  /** Where a path really is in the image (symlinked directories resolved), for the permission checks. */
  private real(path: string | undefined): string | undefined {
    return path === undefined || isVirtualPath(path) ? undefined : this.checks.files.resolve(path);
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
    this.imageWrote(process, path);
    // Where it wrote matters to a minified image too: the symlinks on the way (/var/run → /run) must stay.
    if (details.created) this.used(process, path, false);
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

  private metadataChanged(process: ProcessRecord, kind: MetadataChange['kind'], path: string, details: Pick<MetadataChange, 'mode' | 'uid' | 'gid'>): void {
    if (isVirtualPath(path) || this.facts.metadataChanges.length >= MAX_METADATA_CHANGES) return;
    const change: MetadataChange = { image: process.imageKey, kind, path: detach(path) };
    if (details.mode !== undefined) change.mode = details.mode;
    if (details.uid !== undefined) change.uid = details.uid;
    if (details.gid !== undefined) change.gid = details.gid;
    this.facts.metadataChanges.push(change);
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

  private imageWrote(process: ProcessRecord, path: string): void {
    const image = process.imageKey;
    // A log written line by line: the same image and file, call after call.
    if (image === this.lastWrite.image && path === this.lastWrite.path) {
      (this.facts.imageWrites.get(image) as { count: number }).count += 1;
      return;
    }
    this.lastWrite = { image, path };
    const writes = this.facts.imageWrites.get(image);
    if (!writes) this.facts.imageWrites.set(image, { count: 1, paths: new Set([detach(path)]) });
    else {
      writes.count += 1;
      if (writes.paths.size < IMAGE_WRITE_PATHS && !writes.paths.has(path)) writes.paths.add(detach(path));
    }
  }

  private refusal(event: SyscallEvent, process: ProcessRecord, path: string, write: boolean): void {
    if (!event.errno || isVirtualPath(path)) return;
    if (event.errno === 'ENOENT') {
      if (this.facts.missing.size < MAX_MISSING && !this.facts.missing.has(path)) this.facts.missing.set(detach(path), { program: process.program, syscall: event.name });
      return;
    }
    if (!REFUSAL_ERRNOS.has(event.errno) || this.facts.refused.length >= MAX_REFUSALS) return;
    this.facts.refused.push({
      pid: process.pid,
      program: process.program,
      syscall: event.name,
      path: detach(path),
      errno: event.errno,
      uid: process.uid,
      gid: process.gid,
      write,
    });
  }

  // ---- privileges ------------------------------------------------------------------------------

  /** A privileged call that is not about a path, refused: the capability it would have needed. */
  private refusedPrivilege(event: SyscallEvent, process: ProcessRecord, capability: string, detail: string): void {
    if (this.facts.refusedPrivileges.length >= MAX_REFUSALS) return;
    this.facts.refusedPrivileges.push({
      pid: process.pid,
      program: process.program,
      syscall: event.name,
      errno: event.errno ?? 'EPERM',
      uid: process.uid,
      capability,
      detail: detach(detail),
    });
  }

  private otherCall(event: SyscallEvent, process: ProcessRecord): void {
    const name = event.name;
    const failed = event.result === null || event.result < 0;
    if (name === 'wait4' || name === 'waitid') {
      if (!failed && (event.result ?? 0) > 0) process.reaped += 1;
      return;
    }
    if (name === 'io_uring_setup') {
      if (!failed && !this.facts.blindSpots.length) this.facts.blindSpots.push(`${process.program} uses io_uring, whose file operations the tracer cannot see`);
      return;
    }
    const args = splitArgs(event.args);
    if (failed) {
      if (event.errno === 'EPERM' || event.errno === 'EACCES') this.refusedOther(event, process, args);
      return;
    }
    switch (name) {
      case 'bind':
        return this.bind(args, process);
      case 'kill':
      case 'tkill':
        return this.signalSent(process, name, numberArg(args[0]), args[1]);
      case 'tgkill':
        return this.signalSent(process, name, numberArg(args[1]), args[2]);
      case 'chroot':
        return this.checks.always(process, 'SYS_CHROOT', name, stringArg(args[0]), 'changes its root directory');
      case 'mount':
        return this.checks.always(process, 'SYS_ADMIN', name, stringArg(args[1]), 'mounts a filesystem');
      case 'socket':
        return this.checks.socketOpened(process, args[0] ?? '', args[1] ?? '');
      default:
        return;
    }
  }

  /** kill, socket, bind, chroot… refused: which capability would have allowed them. */
  private refusedOther(event: SyscallEvent, process: ProcessRecord, args: string[]): void {
    const capability = ({ kill: 'KILL', tkill: 'KILL', tgkill: 'KILL', chroot: 'SYS_CHROOT', mount: 'SYS_ADMIN', socket: 'NET_RAW', bind: 'NET_BIND_SERVICE' } as Record<string, string>)[event.name];
    if (!capability) return;
    if (event.name === 'bind' && event.errno !== 'EACCES') return;
    if (event.name === 'socket' && !/AF_PACKET|SOCK_RAW/.test(event.args)) return;
    this.refusedPrivilege(event, process, capability, `${event.name}(${args.slice(0, 3).join(', ')})`);
  }

  private bind(args: string[], process: ProcessRecord): void {
    const address = args[1] ?? '';
    const unixPath = /sa_family=AF_UNIX, sun_path="((?:[^"\\]|\\.)*)"/.exec(address)?.[1];
    if (unixPath !== undefined) {
      const path = this.resolve(process, undefined, stringArg(`"${unixPath}"`));
      if (path && isTracerPath(path)) return this.tampered(process, `bind(${path})`);
      if (path) {
        this.write(process, path, 'bind', { created: true, persists: true });
        if (!isVirtualPath(path)) this.checks.created(process, 'bind', this.checks.files.resolve(path), 'other', 0o777);
      }
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
    if (portNumber < 1024) this.checks.boundPrivilegedPort(process, portNumber, protocol);
  }

  /** A signal to one process (kill of a process group or of everyone is not judged). */
  private signalSent(process: ProcessRecord, syscall: string, targetPid: number | undefined, signal: string | undefined): void {
    if (targetPid === undefined || targetPid <= 0) return;
    const target = this.facts.processes.get(targetPid);
    if (target) this.checks.signalled(process, syscall, target, signal ?? '?');
  }

  private tampered(process: ProcessRecord, call: string): void {
    if (this.facts.tampering.length < 5) this.facts.tampering.push(detach(`${process.program || `pid ${process.pid}`}: ${call}`));
  }

  /** Keeps each distinct use once: the analysis judges them again against the mounts it chooses. */
  private capability(evidence: CapabilityEvidence): void {
    const key = `${evidence.capability}\u0000${evidence.detail}`;
    if (this.capabilityKeys.has(key) || this.facts.capabilityUses.length >= MAX_CAPABILITY_USES) return;
    this.capabilityKeys.add(key);
    this.facts.capabilityUses.push({ ...evidence, detail: detach(evidence.detail), ...(evidence.checked ? { checked: detach(evidence.checked) } : {}) });
  }

  /** Absolute, normalised path of a path argument, relative to a directory fd or the cwd. */
  private resolve(process: ProcessRecord, dirToken: string | undefined, path: string | undefined): string | undefined {
    if (path === undefined || path === '') return undefined;
    if (path.startsWith('/')) return path.includes('/.') || path.includes('//') || path.endsWith('/') ? posix.normalize(path) : path;
    const dir = dirToken === undefined ? process.cwd : fdArg(dirToken)?.path ?? process.cwd;
    return posix.resolve(dir.startsWith('/') ? dir : process.cwd, path);
  }
}

/** The first quoted argument when it holds no escape (most paths): found without splitting the arguments. */
function plainQuoted(args: string): string | undefined {
  const start = args.indexOf('"');
  if (start < 0) return undefined;
  const end = args.indexOf('"', start + 1);
  if (end < 0) return undefined;
  const text = args.slice(start + 1, end);
  return text.includes('\\') ? undefined : text;
}

/** An absolute path with no `.`/`..` component, doubled or trailing slash: already as resolve() would make it. */
function isPlainAbsolute(path: string): boolean {
  return path.startsWith('/') && !path.includes('/.') && !path.includes('//') && (path.length === 1 || !path.endsWith('/'));
}

/** `0755` → 493; strace prints modes in octal (sometimes with symbolic file-type bits first). */
function octalArg(token: string | undefined): number | undefined {
  const octal = /(?:^|\|)(0[0-7]*)$/.exec(token ?? '')?.[1];
  return octal === undefined ? undefined : parseInt(octal, 8);
}

/** Where a path call names its path: a string (relative to a directory fd, or to the cwd), or an fd. */
interface PathArgument {
  path: number;
  dir?: number;
  fd?: number;
}

type PathCallKind = 'mkdir' | 'remove' | 'rename' | 'link' | 'symlink' | 'mknod' | 'truncate' | 'chmod' | 'chown' | 'times' | 'xattr';

interface PathCall {
  kind: PathCallKind;
  path: PathArgument;
  /** The second path: a rename's or a link's target. */
  other?: PathArgument;
  /** Index of the mode argument. */
  mode?: number;
  /** Index of the uid argument; the gid follows it. */
  owner?: number;
}

const plain = (path: number): PathArgument => ({ path });
const at = (dir: number, path: number): PathArgument => ({ dir, path });
const byFd = (fd: number): PathArgument => ({ path: -1, fd });

/** The traced calls that name a path and change the filesystem, and where their arguments are. */
const PATH_CALLS: Record<string, PathCall | undefined> = {
  mkdir: { kind: 'mkdir', path: plain(0), mode: 1 },
  mkdirat: { kind: 'mkdir', path: at(0, 1), mode: 2 },
  rmdir: { kind: 'remove', path: plain(0) },
  unlink: { kind: 'remove', path: plain(0) },
  unlinkat: { kind: 'remove', path: at(0, 1) },
  rename: { kind: 'rename', path: plain(0), other: plain(1) },
  renameat: { kind: 'rename', path: at(0, 1), other: at(2, 3) },
  renameat2: { kind: 'rename', path: at(0, 1), other: at(2, 3) },
  link: { kind: 'link', path: plain(0), other: plain(1) },
  linkat: { kind: 'link', path: at(0, 1), other: at(2, 3) },
  symlink: { kind: 'symlink', path: plain(1) },
  symlinkat: { kind: 'symlink', path: at(1, 2) },
  mknod: { kind: 'mknod', path: plain(0), mode: 1 },
  mknodat: { kind: 'mknod', path: at(0, 1), mode: 2 },
  truncate: { kind: 'truncate', path: plain(0) },
  ftruncate: { kind: 'truncate', path: byFd(0) },
  chmod: { kind: 'chmod', path: plain(0), mode: 1 },
  fchmod: { kind: 'chmod', path: byFd(0), mode: 1 },
  fchmodat: { kind: 'chmod', path: at(0, 1), mode: 2 },
  chown: { kind: 'chown', path: plain(0), owner: 1 },
  lchown: { kind: 'chown', path: plain(0), owner: 1 },
  fchown: { kind: 'chown', path: byFd(0), owner: 1 },
  fchownat: { kind: 'chown', path: at(0, 1), owner: 2 },
  utimensat: { kind: 'times', path: at(0, 1) },
  setxattr: { kind: 'xattr', path: plain(0) },
  lsetxattr: { kind: 'xattr', path: plain(0) },
  fsetxattr: { kind: 'xattr', path: byFd(0) },
};

const writerKeys = new WeakMap<ProcessRecord, { program: string; uid: number; gid: number; key: string }>();

/** `program\0uid\0gid`, built once per process identity rather than once per write. */
function writerKey(process: ProcessRecord): string {
  const cached = writerKeys.get(process);
  if (cached && cached.program === process.program && cached.uid === process.uid && cached.gid === process.gid) return cached.key;
  const key = `${process.program}\u0000${process.uid}\u0000${process.gid}`;
  writerKeys.set(process, { program: process.program, uid: process.uid, gid: process.gid, key });
  return key;
}

/** A path inside the tracer's own folders in the traced container. */
function isTracerPath(path: string): boolean {
  return path.startsWith('/.harden-') && TRACER_PATH_PATTERN.test(`<${path}>`);
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

import { posix } from 'node:path';
import { detach } from '../trace/cString';
import type { CapabilityEvidence, ProcessRecord } from '../trace/traceFacts';
import { describeIds, hasCapability, inGroup, type Credentials, type FileAccessIds } from './credentials';
import { FileTable, type FileAttributes } from './fileTable';

const READ = 4;
const WRITE = 2;
const EXECUTE = 1;

/**
 * For each call that succeeded, the capability the kernel checked to allow it — and only that
 * (capabilities(7), path_resolution(7), the table in hardening-facts §8). A call the process's own
 * ids allowed needs nothing; a call allowed only because root bypassed the file's mode or owner
 * needs the one capability that bypass is made of. File checks read the FileTable at the time of
 * the call, and every call that changes owners or modes updates it.
 */
export class PrivilegeChecks {
  /**
   * Per credentials (processes share the object until their ids change) and directory: the first
   * directory up to it that refuses search, or null. Valid while the table's generation stands.
   */
  private readonly searchable = new WeakMap<Credentials, { generation: number; blocked: Map<string, string | null> }>();

  constructor(
    readonly files: FileTable,
    private readonly record: (evidence: CapabilityEvidence) => void,
  ) {}

  // ---- files ------------------------------------------------------------------------------------

  /** open/openat/creat: search up to the file, then read/write on it, or write on its directory to create it. */
  open(process: ProcessRecord, syscall: string, path: string, flags: string, mode: number | undefined): void {
    const credentials = process.credentials;
    const creates = /\bO_(CREAT|TMPFILE)\b/.test(flags);
    // The most common call of all, a read by a process without capabilities: nothing to check or record.
    if (!creates && !hasAnyFileCapability(credentials)) return;
    const existing = this.files.lookup(path);
    if (flags.includes('O_PATH')) {
      this.search(process, syscall, path);
      return;
    }
    if (existing === undefined && creates) {
      this.createIn(process, syscall, path);
      if (!flags.includes('O_TMPFILE')) this.files.create(path, 'file', mode ?? 0o666, credentials);
      return;
    }
    if (!hasAnyFileCapability(credentials)) return;
    this.search(process, syscall, path);
    if (!existing) return;
    const wants = (/\bO_(WRONLY|TRUNC)\b/.test(flags) ? WRITE : /\bO_RDWR\b/.test(flags) ? READ | WRITE : READ);
    this.access(process, syscall, path, existing, wants);
  }

  /** stat, access, readlink: only the directories above the path are searched. */
  lookedUp(process: ProcessRecord, syscall: string, path: string): void {
    if (hasAnyFileCapability(process.credentials)) this.search(process, syscall, path);
  }

  /** Whether any check could apply to this process: callers skip parsing a call when none can. */
  mayBypass(process: ProcessRecord): boolean {
    return hasAnyFileCapability(process.credentials);
  }

  execute(process: ProcessRecord, syscall: string, path: string): void {
    if (!hasAnyFileCapability(process.credentials)) return;
    this.search(process, syscall, path);
    const file = this.files.lookup(path);
    if (file) this.access(process, syscall, path, file, EXECUTE);
  }

  /** mkdir, mknod, symlink, link: write and search on the directory that gets the new entry. */
  created(process: ProcessRecord, syscall: string, path: string, type: FileAttributes['type'], mode: number): void {
    this.createIn(process, syscall, path);
    this.files.create(path, type, mode, process.credentials);
  }

  /** link(2) of a file the caller does not own also needs FOWNER (fs.protected_hardlinks). */
  linked(process: ProcessRecord, syscall: string, source: string, path: string): void {
    const file = this.files.lookup(source);
    const credentials = process.credentials;
    if (file && file.uid !== credentials.fsuid && !(file.type === 'file' && permits(credentials, file, READ | WRITE))) {
      this.need(process, 'FOWNER', syscall, source, `links to a file owned by ${owner(file)}`, { checked: source, file });
    }
    this.created(process, syscall, path, file?.type ?? 'file', file?.mode ?? 0o644);
  }

  removed(process: ProcessRecord, syscall: string, path: string): void {
    this.unlinkFrom(process, syscall, path);
    this.files.remove(path);
  }

  renamed(process: ProcessRecord, syscall: string, from: string, to: string): void {
    this.unlinkFrom(process, syscall, from);
    this.createIn(process, syscall, to);
    this.files.rename(from, to);
  }

  truncated(process: ProcessRecord, syscall: string, path: string): void {
    const file = this.files.lookup(path);
    if (file && hasAnyFileCapability(process.credentials)) this.access(process, syscall, path, file, WRITE);
  }

  /** chown: changing the owner at all, or the group to one the caller is not in, needs CHOWN. */
  chowned(process: ProcessRecord, syscall: string, path: string, uid: number, gid: number): void {
    const file = this.files.lookup(path);
    const credentials = process.credentials;
    if (file) {
      const ownsIt = credentials.fsuid === file.uid;
      const ownerChange = uid !== -1 && !(ownsIt && uid === file.uid);
      const groupChange = gid !== -1 && !(ownsIt && (gid === file.gid || inGroup(credentials, gid)));
      if (ownerChange || groupChange) {
        this.need(process, 'CHOWN', syscall, path, `to ${uid}:${gid}, owned by ${owner(file)}`, { checked: path, file });
      }
    } else if (uid !== -1 || gid !== -1) {
      this.need(process, 'CHOWN', syscall, path, `to ${uid}:${gid}`);
    }
    this.files.chown(path, uid, gid);
  }

  /** chmod of another's file needs FOWNER; keeping the set-gid bit of a group one is not in, FSETID. */
  chmodded(process: ProcessRecord, syscall: string, path: string, mode: number): void {
    const file = this.files.lookup(path);
    const credentials = process.credentials;
    if (file) {
      if (credentials.fsuid !== file.uid) {
        this.need(process, 'FOWNER', syscall, path, `mode ${octal(mode)} of a file owned by ${owner(file)}`, { checked: path, file });
      }
      if ((mode & 0o2000) !== 0 && !inGroup(credentials, file.gid)) {
        this.need(process, 'FSETID', syscall, path, `keeps the set-gid bit of group ${file.gid}, which the caller is not in`, { checked: path, file });
      }
    }
    this.files.chmod(path, mode);
  }

  /** utimensat with explicit times needs the owner or FOWNER; "now" needs the owner or write access. */
  timesSet(process: ProcessRecord, syscall: string, path: string, explicit: boolean): void {
    const file = this.files.lookup(path);
    const credentials = process.credentials;
    if (!file || file.uid === credentials.fsuid) return;
    if (explicit) this.need(process, 'FOWNER', syscall, path, `sets the times of a file owned by ${owner(file)}`, { checked: path, file });
    else this.access(process, syscall, path, file, WRITE);
  }

  /** setxattr: ACLs need the owner (or FOWNER), trusted.* SYS_ADMIN, file capabilities SETFCAP, user.* write access. */
  attributeSet(process: ProcessRecord, syscall: string, path: string, name: string): void {
    const file = this.files.lookup(path);
    if (name.startsWith('trusted.')) this.need(process, 'SYS_ADMIN', syscall, path, `sets ${name}`);
    else if (name === 'security.capability') this.need(process, 'SETFCAP', syscall, path, 'sets file capabilities');
    if (!file || file.uid === process.credentials.fsuid) return;
    if (name.startsWith('system.posix_acl')) this.need(process, 'FOWNER', syscall, path, `sets an ACL on a file owned by ${owner(file)}`, { checked: path, file });
    else if (name.startsWith('user.')) this.access(process, syscall, path, file, WRITE);
  }

  /** Creating in a directory needs write and search on it (and search above it). */
  private createIn(process: ProcessRecord, syscall: string, path: string): void {
    if (!hasAnyFileCapability(process.credentials)) return;
    const parentPath = posix.dirname(path);
    const parent = this.files.lookup(parentPath);
    this.search(process, syscall, path);
    if (parent) this.access(process, syscall, parentPath, parent, WRITE | EXECUTE, path);
  }

  /** Removing an entry: write and search on its directory; in a sticky directory, owning the entry or the directory. */
  private unlinkFrom(process: ProcessRecord, syscall: string, path: string): void {
    const credentials = process.credentials;
    if (!hasAnyFileCapability(credentials)) return;
    const parentPath = posix.dirname(path);
    const parent = this.files.lookup(parentPath);
    this.search(process, syscall, path);
    if (!parent) return;
    this.access(process, syscall, parentPath, parent, WRITE | EXECUTE, path);
    const entry = this.files.lookup(path);
    if ((parent.mode & 0o1000) !== 0 && entry && entry.uid !== credentials.fsuid && parent.uid !== credentials.fsuid) {
      this.need(process, 'FOWNER', syscall, path, `removes ${owner(entry)}'s entry from the sticky directory ${parentPath}`, { checked: path, file: entry });
    }
  }

  /** Search (x) permission on every directory above `path`; the first one that refuses names the need. */
  private search(process: ProcessRecord, syscall: string, path: string): void {
    const credentials = process.credentials;
    const dir = posix.dirname(path);
    let cache = this.searchable.get(credentials);
    if (!cache || cache.generation !== this.files.generation) {
      cache = { generation: this.files.generation, blocked: new Map() };
      this.searchable.set(credentials, cache);
    }
    let blocked = cache.blocked.get(dir);
    if (blocked === undefined) {
      blocked = null;
      for (let current = dir; ; current = posix.dirname(current)) {
        const attributes = this.files.lookup(current);
        if (attributes?.type === 'directory' && !permits(credentials, attributes, EXECUTE)) blocked = current;
        if (current === '/') break;
      }
      // Detached: a path cut from a trace line would keep the whole line's text alive.
      cache.blocked.set(detach(dir), blocked === null ? null : detach(blocked));
    }
    if (blocked !== null) {
      const attributes = this.files.lookup(blocked) as FileAttributes;
      this.need(process, 'DAC_READ_SEARCH', syscall, path, `searches ${blocked} (${owner(attributes)}, mode ${octal(attributes.mode)})`, { checked: blocked, file: attributes });
    }
  }

  /** The mode bits of `file` decide; when they refuse, the bypass that allowed the call is the need. */
  private access(process: ProcessRecord, syscall: string, path: string, file: FileAttributes, wants: number, subject = path): void {
    // `path` is the entry whose mode decides (a file, or the directory that gets a new entry); `subject` what the call named.
    const credentials = process.credentials;
    if (permits(credentials, file, wants)) return;
    const what = `${path} is ${owner(file)}, mode ${octal(file.mode)}`;
    // Write, and executing a file, are allowed only by DAC_OVERRIDE; read and directory search by DAC_READ_SEARCH too.
    const overrideOnly = (wants & WRITE) !== 0 || (file.type !== 'directory' && (wants & EXECUTE) !== 0);
    this.need(process, overrideOnly ? 'DAC_OVERRIDE' : 'DAC_READ_SEARCH', syscall, subject, what, { checked: path, file });
  }

  // ---- processes, sockets, ids -------------------------------------------------------------------

  /** kill/tkill/tgkill: allowed when the sender's real or effective uid is the target's real or saved uid. */
  signalled(process: ProcessRecord, syscall: string, target: ProcessRecord, signal: string): void {
    const sender = process.credentials;
    const receiver = target.credentials;
    const mayAnyway = [sender.ruid, sender.euid].some((uid) => uid === receiver.ruid || uid === receiver.suid);
    if (!mayAnyway) {
      this.need(process, 'KILL', syscall, undefined, `sends ${signal} to ${target.program || `pid ${target.pid}`} running as ${describeIds(receiver)}`);
    }
  }

  /** Raw INET sockets and packet sockets need NET_RAW; netlink, unix and ICMP "ping" datagram sockets do not. */
  socketOpened(process: ProcessRecord, family: string, type: string): void {
    const raw = /\bSOCK_RAW\b/.test(type);
    if (family === 'AF_PACKET' || ((family === 'AF_INET' || family === 'AF_INET6') && raw)) {
      this.need(process, 'NET_RAW', 'socket', undefined, `opens a ${family} ${type.split('|')[0]} socket`);
    }
  }

  /** Binding a port below 1024 (Docker opens them to everyone; Kubernetes does not). */
  boundPrivilegedPort(process: ProcessRecord, port: number, protocol: string): void {
    this.need(process, 'NET_BIND_SERVICE', 'bind', undefined, `binds ${port}/${protocol}`);
  }

  idChanged(process: ProcessRecord, syscall: string, capability: 'SETUID' | 'SETGID' | undefined, requested: string, before: Credentials): void {
    if (capability) this.need(process, capability, syscall, undefined, `to ${requested}`, { credentials: before });
  }

  always(process: ProcessRecord, capability: string, syscall: string, path: string | undefined, why: string): void {
    this.need(process, capability, syscall, path, why);
  }

  private need(
    process: ProcessRecord,
    capability: string,
    syscall: string,
    path: string | undefined,
    why: string,
    about: { checked?: string; file?: FileAttributes; credentials?: Credentials } = {},
  ): void {
    const credentials = about.credentials ?? process.credentials;
    // A call that succeeded without the capability in our model: the kernel did not need it (or the model is off).
    if (!hasCapability(credentials, capability)) return;
    const program = process.program || 'the first process';
    const target = path === undefined ? '' : ` ${path}`;
    const evidence: CapabilityEvidence = { capability, detail: `${program}: ${syscall}${target} as ${describeIds(credentials)}: ${why}` };
    if (about.file && about.checked !== undefined) {
      evidence.fileOwner = about.file.uid;
      evidence.checked = about.checked;
      evidence.shipped = this.files.shipped(about.checked);
      evidence.caller = { fsuid: credentials.fsuid, fsgid: credentials.fsgid, groups: credentials.groups };
    }
    this.record(evidence);
  }
}

/** The owner, group or other bits, whichever class the caller falls in, allow every bit of `wants`. */
export function permits(credentials: FileAccessIds, file: FileAttributes, wants: number): boolean {
  const shift = credentials.fsuid === file.uid ? 6 : inGroup(credentials, file.gid) ? 3 : 0;
  return (((file.mode >> shift) & 7) & wants) === wants;
}

/** File checks only matter while the process holds capabilities that bypass them. */
function hasAnyFileCapability(credentials: Credentials): boolean {
  return hasCapability(credentials, 'DAC_OVERRIDE') || hasCapability(credentials, 'DAC_READ_SEARCH') || hasCapability(credentials, 'FOWNER');
}

function owner(file: FileAttributes): string {
  return `${file.uid}:${file.gid}`;
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

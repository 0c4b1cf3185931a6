/**
 * A process's credentials as the kernel keeps them, and how the set*id calls and execve change
 * them (credentials(7), capabilities(7) "Effect of user ID changes on capabilities").
 * The trace tells which calls succeeded; this model tells which of them needed a capability.
 */
export interface Credentials {
  ruid: number;
  euid: number;
  suid: number;
  fsuid: number;
  rgid: number;
  egid: number;
  sgid: number;
  fsgid: number;
  groups: readonly number[];
  /** Capabilities the process may still raise (root, or an id still 0, or PR_SET_KEEPCAPS). */
  permitted: boolean;
  /** Effective capabilities: all (root), none, or the ones a capset raised. */
  effective: 'all' | 'none' | ReadonlySet<string>;
  keepCaps: boolean;
  umask: number;
}

/** Capabilities the kernel drops from the effective set when the fsuid stops being 0. */
const FILESYSTEM_CAPABILITIES = new Set(['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'LINUX_IMMUTABLE', 'MAC_OVERRIDE', 'MKNOD']);

const DEFAULT_UMASK = 0o022;

export function initialCredentials(uid: number, gid: number, groups: readonly number[] = [gid]): Credentials {
  const root = uid === 0;
  return {
    ruid: uid,
    euid: uid,
    suid: uid,
    fsuid: uid,
    rgid: gid,
    egid: gid,
    sgid: gid,
    fsgid: gid,
    groups,
    permitted: root,
    effective: root ? 'all' : 'none',
    keepCaps: false,
    umask: DEFAULT_UMASK,
  };
}

/** Whether the capability is in the effective set, which is what the kernel's checks look at. */
export function hasCapability(credentials: Credentials, capability: string): boolean {
  const { effective } = credentials;
  if (effective === 'none') return false;
  if (effective === 'all') return !(FILESYSTEM_CAPABILITIES.has(capability) && credentials.fsuid !== 0);
  return effective.has(capability);
}

/** What file permission checks look at. */
export type FileAccessIds = Pick<Credentials, 'fsuid' | 'fsgid' | 'groups'>;

export function inGroup(credentials: FileAccessIds, gid: number): boolean {
  return credentials.fsgid === gid || credentials.groups.includes(gid);
}

export function describeIds(credentials: Credentials): string {
  const { ruid, euid, suid, rgid, egid, sgid } = credentials;
  const uids = ruid === euid && euid === suid ? `uid ${euid}` : `uid ${ruid}/${euid}/${suid}`;
  const gids = rgid === egid && egid === sgid ? `gid ${egid}` : `gid ${rgid}/${egid}/${sgid}`;
  return `${uids} ${gids}`;
}

export type IdCall =
  | 'setuid' | 'setreuid' | 'setresuid' | 'setfsuid'
  | 'setgid' | 'setregid' | 'setresgid' | 'setfsgid'
  | 'setgroups';

export function isIdCall(name: string): name is IdCall {
  return ID_CALLS.has(name);
}

const ID_CALLS = new Set<string>(['setuid', 'setreuid', 'setresuid', 'setfsuid', 'setgid', 'setregid', 'setresgid', 'setfsgid', 'setgroups']);

export interface IdChange {
  next: Credentials;
  /** SETUID or SETGID when the change was allowed only by the capability. */
  capability?: 'SETUID' | 'SETGID';
  /** The ids asked for, for the evidence line. */
  requested: string;
}

/**
 * The credentials after a successful set*id call with these numeric arguments (-1 = unchanged),
 * and the capability it needed: an unprivileged process may only move between its own real,
 * effective and saved ids (credentials(7)); anything else, and every setgroups, needs SETUID/SETGID.
 */
export function applyIdCall(credentials: Credentials, call: IdCall, args: ReadonlyArray<number | undefined>, groups?: readonly number[]): IdChange {
  const user = call.includes('uid');
  const kind = user ? 'uid' : 'gid';
  const current = user
    ? { real: credentials.ruid, effective: credentials.euid, saved: credentials.suid, fs: credentials.fsuid }
    : { real: credentials.rgid, effective: credentials.egid, saved: credentials.sgid, fs: credentials.fsgid };
  const own = new Set([current.real, current.effective, current.saved]);
  const capability = user ? 'SETUID' : 'SETGID';
  const privileged = hasCapability(credentials, capability);
  const value = (index: number): number | undefined => {
    const id = args[index];
    return id === undefined || id === -1 || id === 4294967295 ? undefined : id;
  };

  if (call === 'setgroups') {
    const list = groups ?? [];
    return { next: { ...credentials, groups: list }, capability: 'SETGID', requested: `groups [${list.join(', ')}]` };
  }
  let next = { ...current };
  let needed = false;
  let requested: string;
  switch (call) {
    case 'setuid':
    case 'setgid': {
      const id = value(0);
      requested = `${kind} ${id ?? '-1'}`;
      if (id === undefined) break;
      // With the capability all ids change; without it only the effective one, and only to an own id.
      if (privileged) next = { real: id, effective: id, saved: id, fs: id };
      else next = { ...next, effective: id, fs: id };
      needed = id !== current.real && id !== current.saved;
      break;
    }
    case 'setreuid':
    case 'setregid': {
      const [real, effective] = [value(0), value(1)];
      requested = `real ${real ?? '-1'}, effective ${effective ?? '-1'}`;
      needed = (real !== undefined && real !== current.real && real !== current.effective) || (effective !== undefined && !own.has(effective));
      const newEffective = effective ?? current.effective;
      // The saved id follows the new effective id when the real id is set or the effective id moves off it.
      const saved = real !== undefined || (effective !== undefined && effective !== current.real) ? newEffective : current.saved;
      next = { real: real ?? current.real, effective: newEffective, saved, fs: newEffective };
      break;
    }
    case 'setresuid':
    case 'setresgid': {
      const [real, effective, saved] = [value(0), value(1), value(2)];
      requested = `${real ?? '-1'}/${effective ?? '-1'}/${saved ?? '-1'}`;
      needed = [real, effective, saved].some((id) => id !== undefined && !own.has(id));
      const newEffective = effective ?? current.effective;
      next = { real: real ?? current.real, effective: newEffective, saved: saved ?? current.saved, fs: newEffective };
      break;
    }
    case 'setfsuid':
    case 'setfsgid': {
      const id = value(0);
      requested = `fs${kind} ${id ?? '-1'}`;
      if (id === undefined) break;
      // setfsuid always "succeeds" (it returns the old value); it changes the id only when allowed.
      const allowed = privileged || own.has(id) || id === current.fs;
      needed = allowed && !own.has(id) && id !== current.fs;
      if (allowed) next = { ...next, fs: id };
      break;
    }
  }
  const changed = user
    ? withUserIds(credentials, next)
    : { ...credentials, rgid: next.real, egid: next.effective, sgid: next.saved, fsgid: next.fs };
  return { next: changed, ...(needed ? { capability } : {}), requested };
}

/** The user ids change, and with them the capability sets (capabilities(7), "Effect of user ID changes"). */
function withUserIds(before: Credentials, ids: { real: number; effective: number; saved: number; fs: number }): Credentials {
  const after: Credentials = { ...before, ruid: ids.real, euid: ids.effective, suid: ids.saved, fsuid: ids.fs };
  const hadRoot = before.ruid === 0 || before.euid === 0 || before.suid === 0;
  const hasRoot = after.ruid === 0 || after.euid === 0 || after.suid === 0;
  if (hadRoot && !hasRoot && !before.keepCaps) after.permitted = false;
  if (before.euid === 0 && after.euid !== 0) after.effective = 'none';
  if (before.euid !== 0 && after.euid === 0 && after.permitted) after.effective = 'all';
  return after;
}

/**
 * After execve: root (real or effective) gets its full capability sets back, anyone else loses
 * them (no file capabilities with no-new-privileges, no ambient set); the saved ids take the
 * effective ones; PR_SET_KEEPCAPS is cleared.
 */
export function afterExec(credentials: Credentials): Credentials {
  const root = credentials.euid === 0 || credentials.ruid === 0;
  const effective = root && credentials.euid === 0 ? 'all' : 'none';
  const { euid, egid } = credentials;
  // Most execs change nothing (a shell running a program): keep the object, which caches key on.
  const unchanged =
    credentials.suid === euid && credentials.fsuid === euid && credentials.sgid === egid && credentials.fsgid === egid &&
    credentials.permitted === root && credentials.effective === effective && !credentials.keepCaps;
  if (unchanged) return credentials;
  return { ...credentials, suid: euid, fsuid: euid, sgid: egid, fsgid: egid, permitted: root, effective, keepCaps: false };
}

/** capset raised (or lowered) the effective set to exactly these capabilities. */
export function afterCapset(credentials: Credentials, effective: ReadonlySet<string>): Credentials {
  return { ...credentials, effective: credentials.permitted ? effective : 'none' };
}

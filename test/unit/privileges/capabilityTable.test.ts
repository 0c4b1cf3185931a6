import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { ImageIndex } from '../../../src/core/image/imageIndex';
import { dir, file } from '../imageEntries';
import { capabilityNeeds } from '../../../src/core/analysis/capabilityNeeds';
import { readTrace } from '../../../src/core/trace/readTrace';

/**
 * One strace line (as `strace -f -yy -o` writes it) per syscall and credential case, and the
 * capabilities the kernel checked for it — nothing more. Every case that needs a capability has a
 * sibling that needs none, so the table shows each check can go either way.
 */
interface Row {
  name: string;
  /** Lines before the one under test that set the scene (a setuid, a mkdir…); their needs count too. */
  lines: string[];
  uid?: number;
  gid?: number;
  expected: string[];
}


/** An image: root's dirs, a postgres-owned data dir (0700), a root-only key, a sticky /tmp with another user's file. */
const IMAGE = ImageIndex.fromEntries([
  dir('/'),
  dir('/etc'),
  file('/etc/passwd'),
  file('/etc/secret.key', 0, 0, 0o600),
  dir('/var'),
  dir('/var/lib'),
  dir('/var/lib/postgresql', 999, 999, 0o755),
  dir('/var/lib/postgresql/data', 999, 999, 0o700),
  file('/var/lib/postgresql/data/PG_VERSION', 999, 999, 0o600),
  dir('/run'),
  dir('/run/postgresql', 999, 999, 0o2775),
  dir('/tmp', 0, 0, 0o1777),
  file('/tmp/theirs', 1000, 1000, 0o644),
  dir('/var/spool', 1000, 1000, 0o1777),
  file('/var/spool/job', 1001, 1001, 0o644),
  dir('/srv', 0, 0, 0o755),
  file('/srv/own', 0, 0, 0o644),
  file('/srv/app.log', 33, 4, 0o640),
  dir('/usr'),
  dir('/usr/bin'),
  file('/usr/bin/tool', 0, 0, 0o755),
  file('/usr/bin/private-tool', 0, 0, 0o700),
]);

const TABLE: Row[] = [
  // chown family
  { name: 'chown of a file to another user', lines: ['1 chown("/srv/own", 33, -1) = 0'], expected: ['CHOWN'] },
  { name: 'chown of a root file to root (no change, own file)', lines: ['1 chown("/srv/own", 0, 0) = 0'], expected: [] },
  { name: 'fchown by fd to another user', lines: ['1 fchown(3</srv/own>, 33, 33) = 0'], expected: ['CHOWN'] },
  { name: 'chown -1:-1 changes nothing', lines: ['1 fchownat(AT_FDCWD</>, "/srv/own", -1, -1, 0) = 0'], expected: [] },
  // chmod family
  { name: "chmod of another user's directory", lines: ['1 chmod("/var/lib/postgresql/data", 0700) = 0'], expected: ['FOWNER'] },
  { name: 'chmod of an own file', lines: ['1 fchmodat(AT_FDCWD</>, "/srv/own", 0600) = 0'], expected: [] },
  { name: 'chmod after chown to another user (the entrypoint pattern)', lines: ['1 chown("/srv/own", 999, -1) = 0', '1 chmod("/srv/own", 0700) = 0'], expected: ['CHOWN', 'FOWNER'] },
  { name: 'chmod keeping set-gid of a group the caller is not in', lines: ['1 chmod("/run/postgresql", 02777) = 0'], expected: ['FOWNER', 'FSETID'] },
  { name: 'chmod keeping set-gid of an own group', lines: ['1 fchmod(3</srv/own>, 02755) = 0'], expected: [] },
  { name: 'utimensat with explicit times on a file of another user', lines: ['1 utimensat(AT_FDCWD</>, "/srv/app.log", [{tv_sec=1, tv_nsec=0}, {tv_sec=1, tv_nsec=0}], 0) = 0'], expected: ['FOWNER'] },
  { name: 'utimensat with explicit times on an own file', lines: ['1 utimensat(AT_FDCWD</>, "/srv/own", [{tv_sec=1, tv_nsec=0}, {tv_sec=1, tv_nsec=0}], 0) = 0'], expected: [] },
  { name: 'setxattr of an ACL on a file of another user', lines: ['1 setxattr("/srv/app.log", "system.posix_acl_access", "\\x02", 28, 0) = 0'], expected: ['FOWNER'] },
  // opens
  { name: 'read of a root-only file by root (its owner)', lines: ['1 openat(AT_FDCWD</>, "/etc/secret.key", O_RDONLY) = 3</etc/secret.key>'], expected: [] },
  { name: 'read in a 0700 directory of another user', lines: ['1 openat(AT_FDCWD</>, "/var/lib/postgresql/data/PG_VERSION", O_RDONLY) = 3</var/lib/postgresql/data/PG_VERSION>'], expected: ['DAC_READ_SEARCH'] },
  { name: 'write to a 0640 file of another user', lines: ['1 openat(AT_FDCWD</>, "/srv/app.log", O_WRONLY|O_APPEND) = 3</srv/app.log>'], expected: ['DAC_OVERRIDE'] },
  { name: 'write to an own file', lines: ['1 openat(AT_FDCWD</>, "/srv/own", O_WRONLY|O_TRUNC) = 3</srv/own>'], expected: [] },
  { name: 'create in a 0700 directory of another user', lines: ['1 openat(AT_FDCWD</>, "/var/lib/postgresql/data/new", O_WRONLY|O_CREAT, 0600) = 3</var/lib/postgresql/data/new>'], expected: ['DAC_OVERRIDE'] },
  { name: 'create in an own directory', lines: ['1 openat(AT_FDCWD</>, "/srv/new", O_WRONLY|O_CREAT, 0644) = 3</srv/new>'], expected: [] },
  { name: 'mkdir in a directory of another user', lines: ['1 mkdir("/var/lib/postgresql/data/base", 0700) = 0'], expected: ['DAC_OVERRIDE'] },
  { name: "unlink of another user's file in a sticky directory another user owns", lines: ['1 unlink("/var/spool/job") = 0'], expected: ['FOWNER'] },
  { name: "unlink of another user's file in root's sticky /tmp (root owns the directory)", lines: ['1 unlink("/tmp/theirs") = 0'], expected: [] },
  { name: 'unlink of an own file in sticky /tmp', lines: ['1 openat(AT_FDCWD</>, "/tmp/mine", O_WRONLY|O_CREAT, 0600) = 3</tmp/mine>', '1 unlink("/tmp/mine") = 0'], expected: [] },
  { name: 'stat of a file in a 0700 directory of another user', lines: ['1 newfstatat(AT_FDCWD</>, "/var/lib/postgresql/data/PG_VERSION", {st_mode=S_IFREG|0600, st_size=3, ...}, 0) = 0'], expected: ['DAC_READ_SEARCH'] },
  { name: 'stat of a file root can reach', lines: ['1 statx(AT_FDCWD</>, "/etc/passwd", AT_STATX_SYNC_AS_STAT, STATX_ALL, {stx_mask=STATX_ALL, ...}) = 0'], expected: [] },
  { name: 'fstat by fd (an empty path) looks nothing up', lines: ['1 newfstatat(3</var/lib/postgresql/data/PG_VERSION>, "", {st_mode=S_IFREG|0600, ...}, AT_EMPTY_PATH) = 0'], expected: [] },
  { name: 'exec of a 0700 root program by root', lines: ['1 execve("/usr/bin/private-tool", ["private-tool"], []) = 0'], expected: [] },
  // after a change of credentials
  {
    name: 'after setuid to postgres: its own 0700 directory needs nothing',
    lines: ['1 setgid(999) = 0', '1 setuid(999) = 0', '1 openat(AT_FDCWD</>, "/var/lib/postgresql/data/PG_VERSION", O_RDONLY) = 3</var/lib/postgresql/data/PG_VERSION>'],
    expected: ['SETGID', 'SETUID'],
  },
  {
    name: 'after setuid to another user: root-only files are refused, not bypassed (no capability left)',
    lines: ['1 setresuid(33, 33, 33) = 0', '1 openat(AT_FDCWD</>, "/etc/secret.key", O_RDONLY) = -1 EACCES (Permission denied)'],
    expected: ['SETUID'],
  },
  { name: 'setuid to the current uid', lines: ['1 setuid(0) = 0'], expected: [] },
  { name: 'setgroups, even to the same list', lines: ['1 setgroups(1, [0]) = 0'], expected: ['SETGID'] },
  {
    name: "after setgroups into the file's group: group bits allow the read, no bypass",
    lines: ['1 setgroups(1, [4]) = 0', '1 setresgid(1000, 1000, 1000) = 0', '1 setresuid(1000, 1000, 1000) = 0', '1 openat(AT_FDCWD</>, "/srv/app.log", O_RDONLY) = 3</srv/app.log>'],
    expected: ['SETGID', 'SETUID'],
  },
  {
    name: "while still root without the file's group: the read bypasses the mode",
    lines: ['1 openat(AT_FDCWD</>, "/srv/app.log", O_RDONLY) = 3</srv/app.log>'],
    expected: ['DAC_READ_SEARCH'],
  },
  { name: 'setresgid to own ids as non-root needs nothing', uid: 1000, gid: 1000, lines: ['1 setresgid(1000, 1000, 1000) = 0'], expected: [] },
  { name: 'seteuid away and back (saved id 0) needs nothing', lines: ['1 setresuid(-1, 33, -1) = 0', '1 setresuid(-1, 0, -1) = 0'], expected: ['SETUID'] },
  // sockets
  { name: 'AF_INET raw socket', lines: ['1 socket(AF_INET, SOCK_RAW|SOCK_CLOEXEC, IPPROTO_ICMP) = 4<RAW:[1]>'], expected: ['NET_RAW'] },
  { name: 'AF_PACKET socket', lines: ['1 socket(AF_PACKET, SOCK_DGRAM, 768) = 4<PACKET:[1]>'], expected: ['NET_RAW'] },
  { name: 'AF_NETLINK raw socket needs nothing', lines: ['1 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 4<NETLINK:[1]>'], expected: [] },
  { name: 'ICMP ping datagram socket needs nothing', lines: ['1 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_ICMP) = 4<UDP:[1]>'], expected: [] },
  { name: 'bind to port 80', lines: ['1 bind(3<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("0.0.0.0")}, 16) = 0'], expected: ['NET_BIND_SERVICE'] },
  { name: 'bind to port 8080', lines: ['1 bind(3<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("0.0.0.0")}, 16) = 0'], expected: [] },
  // signals
  {
    name: 'kill of a process that switched to another uid',
    lines: ['1 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x1) = 7', '7 setresuid(999, 999, 999) = 0', '1 kill(7, SIGTERM) = 0'],
    expected: ['KILL', 'SETUID'],
  },
  {
    name: 'kill of a child of the same uid',
    lines: ['1 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x1) = 7', '1 kill(7, SIGTERM) = 0'],
    expected: [],
  },
  {
    name: 'kill of a process that kept its saved uid 0',
    lines: ['1 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x1) = 7', '7 setresuid(999, 999, 0) = 0', '1 kill(7, SIGHUP) = 0'],
    expected: ['SETUID'],
  },
  // devices and roots
  { name: 'mknod of a character device', lines: ['1 mknodat(AT_FDCWD</>, "/srv/null", S_IFCHR|0666, makedev(0x1, 0x3)) = 0'], expected: ['MKNOD'] },
  { name: 'mknod of a FIFO', lines: ['1 mknodat(AT_FDCWD</>, "/srv/fifo", S_IFIFO|0600) = 0'], expected: [] },
  { name: 'chroot', lines: ['1 chroot("/srv") = 0'], expected: ['SYS_CHROOT'] },
  // a non-root process never holds capabilities: whatever it did, its ids allowed
  { name: 'a non-root process changes its own file', uid: 1000, gid: 1000, lines: ['1 chmod("/srv/mine", 0600) = 0'], expected: [] },
];

async function capabilitiesOf(row: Row): Promise<string[]> {
  const facts = await readTrace(Readable.from([`${row.lines.join('\n')}\n`]), {
    uid: row.uid ?? 0,
    gid: row.gid ?? 0,
    cwd: '/',
    stopSignal: 'SIGTERM',
    index: IMAGE,
  });
  return capabilityNeeds(facts.capabilityUses, []).map((tally) => tally.capability).sort();
}

describe('the capability each successful call needed', () => {
  for (const row of TABLE) {
    it(`${row.name}: ${row.expected.length > 0 ? row.expected.join(', ') : 'none'}`, async () => {
      assert.deepEqual(await capabilitiesOf(row), [...row.expected].sort(), row.lines.join('\n'));
    });
  }

  it('keeps an evidence line with program, call, path and ids', async () => {
    const facts = await readTrace(
      Readable.from(['1 execve("/usr/bin/tool", ["tool"], []) = 0\n1 chmod("/var/lib/postgresql/data", 0700) = 0\n']),
      { uid: 0, gid: 0, cwd: '/', stopSignal: 'SIGTERM', index: IMAGE },
    );
    assert.deepEqual(
      facts.capabilityUses.map((use) => [use.capability, use.detail, use.fileOwner]),
      [['FOWNER', '/usr/bin/tool: chmod /var/lib/postgresql/data as uid 0 gid 0: mode 0700 of a file owned by 999:999', 999]],
    );
  });

  it('remembers paths looked up and not found (a mount may have hidden them), and refused lookups as refused reads', async () => {
    const facts = await readTrace(
      Readable.from(['1 access("/run/mosquitto/mosquitto.pid", F_OK) = -1 ENOENT (No such file or directory)\n1 stat("/root/.config", 0x7ffc) = -1 EACCES (Permission denied)\n']),
      { uid: 33, gid: 33, cwd: '/', stopSignal: 'SIGTERM', index: IMAGE },
    );
    assert.deepEqual([...facts.missing.keys()], ['/run/mosquitto/mosquitto.pid']);
    assert.deepEqual(facts.refused.map((refused) => [refused.syscall, refused.path, refused.write]), [['stat', '/root/.config', false]]);
  });

  it('records a refused privileged call with the capability it would have needed', async () => {
    const facts = await readTrace(
      Readable.from(['1 setgid(999) = -1 EPERM (Operation not permitted)\n1 kill(7, SIGTERM) = -1 EPERM (Operation not permitted)\n']),
      { uid: 0, gid: 0, cwd: '/', stopSignal: 'SIGTERM', index: IMAGE },
    );
    assert.deepEqual(facts.refusedPrivileges.map((refused) => [refused.syscall, refused.capability]), [['setgid', 'SETGID'], ['kill', 'KILL']]);
    assert.deepEqual(facts.capabilityUses, [], 'a refused call needed nothing: it did not happen');
  });
});

import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { capabilityNeeds } from '../../../src/core/analysis/capabilityNeeds';
import { decideInit } from '../../../src/core/analysis/initDecision';
import { decideRunAs } from '../../../src/core/analysis/runAsDecision';
import { findWritablePaths } from '../../../src/core/analysis/writablePaths';
import { parseAccounts } from '../../../src/core/image/accountDatabase';
import { ImageIndex } from '../../../src/core/image/imageIndex';
import { dir, file } from '../imageEntries';
import type { StopOutcome } from '../../../src/core/manifest/manifestTypes';
import { readTrace } from '../../../src/core/trace/readTrace';


/** A key-value store as Debian packages it: its data directory and config belong to its own user (uid 100), 0750/0640. */
const STORE = ImageIndex.fromEntries(
  [
    dir('/'),
    dir('/etc'),
    dir('/etc/store', 100, 101, 0o2775),
    file('/etc/store/store.conf', 100, 101, 0o640),
    dir('/var'),
    dir('/var/lib'),
    dir('/var/lib/store', 100, 101, 0o750),
    dir('/var/log'),
    dir('/var/log/store', 100, 4, 0o750),
    file('/var/log/store/store.log', 100, 4, 0o640),
    dir('/run', 0, 0, 0o755),
    dir('/run/store', 100, 101, 0o2755),
    dir('/tmp', 0, 0, 0o1777),
    dir('/usr'),
    dir('/usr/bin'),
    file('/usr/bin/store-server', 0, 0, 0o755),
  ],
  { '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nstore:x:100:101::/var/lib/store:/usr/sbin/nologin\n', '/etc/group': 'root:x:0:\nstore:x:101:\n' },
);
const ACCOUNTS = parseAccounts(STORE.content('/etc/passwd'), STORE.content('/etc/group'));
const STOPPED: StopOutcome = { signal: 'SIGTERM', graceful: true, exitCode: 0, seconds: 0.2 };

async function analyse(lines: string[], options: { uid?: number; volumes?: string[] } = {}) {
  const facts = await readTrace(Readable.from([`${lines.join('\n')}\n`]), { uid: options.uid ?? 0, gid: options.uid ?? 0, cwd: '/', stopSignal: 'SIGTERM', index: STORE });
  const writable = findWritablePaths({ facts, changes: [], index: STORE, imageVolumes: options.volumes ?? [], volumePrefix: 'store' });
  const runAs = decideRunAs({
    startUid: options.uid ?? 0,
    startGid: options.uid ?? 0,
    capabilities: capabilityNeeds(facts.capabilityUses, writable.paths),
    writablePaths: writable.paths,
    facts,
    index: STORE,
    accounts: ACCOUNTS,
  });
  return { facts, writable, runAs };
}

const SERVE = [
  '1 execve("/usr/bin/store-server", ["store-server"], []) = 0',
  '1 openat(AT_FDCWD</>, "/etc/store/store.conf", O_RDONLY) = 3</etc/store/store.conf>',
  '1 openat(AT_FDCWD</>, "/var/lib/store/dump.rdb", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4</var/lib/store/dump.rdb>',
  '1 fsync(4</var/lib/store/dump.rdb>) = 0',
  '1 bind(5<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(6379), sin_addr=inet_addr("0.0.0.0")}, 16) = 0',
];

describe('who the hardened configuration runs as', () => {
  it("runs as the owner of the files root only reached by bypassing their mode (no capability needed)", async () => {
    const { runAs } = await analyse(SERVE, { volumes: ['/var/lib/store'] });
    assert.equal(runAs.decision.nonRoot, true, runAs.decision.reason);
    assert.deepEqual([runAs.decision.uid, runAs.decision.gid], [100, 101]);
    assert.match(runAs.decision.reason, /root was used only to reach files owned by uid 100 \(DAC_OVERRIDE/);
    assert.deepEqual(runAs.capabilities, [], 'as their owner, no bypass is left');
  });

  it('keeps root when it also switches users, and names why', async () => {
    const { runAs } = await analyse([...SERVE, '1 setgid(101) = 0', '1 setuid(100) = 0'], { volumes: ['/var/lib/store'] });
    assert.equal(runAs.decision.nonRoot, false);
    assert.match(runAs.decision.reason, /^it needs root to reach other users' files, switch users \(DAC_OVERRIDE, SETGID, SETUID\); e\.g\. \/usr\/bin\/store-server: setgid/);
  });

  it('keeps root when the bypassed files belong to two different users', async () => {
    const { runAs } = await analyse([...SERVE, '1 openat(AT_FDCWD</>, "/srv/other", O_RDONLY) = 3</srv/other>'].concat(
      '1 openat(AT_FDCWD</>, "/var/log/store/store.log", O_WRONLY|O_APPEND) = 6</var/log/store/store.log>',
    ), { volumes: ['/var/lib/store', '/var/log/store'] });
    // Both bypasses are of uid 100's files: still the owner.
    assert.equal(runAs.decision.uid, 100);
    const mixed = ImageIndex.fromEntries([...STORE.snapshot(() => true).entries, dir('/srv', 200, 200, 0o700), file('/srv/other', 200, 200, 0o600)], {});
    const facts = await readTrace(Readable.from([`${[...SERVE, '1 openat(AT_FDCWD</>, "/srv/other", O_RDONLY) = 3</srv/other>'].join('\n')}\n`]), { uid: 0, gid: 0, cwd: '/', stopSignal: 'SIGTERM', index: mixed });
    const writable = findWritablePaths({ facts, changes: [], index: mixed, imageVolumes: ['/var/lib/store'], volumePrefix: 'store' });
    const decided = decideRunAs({ startUid: 0, startGid: 0, capabilities: capabilityNeeds(facts.capabilityUses, writable.paths), writablePaths: writable.paths, facts, index: mixed, accounts: ACCOUNTS });
    assert.equal(decided.decision.nonRoot, false, 'uid 100 could not read uid 200\'s file');
  });

  it('an image already running as non-root keeps its user', async () => {
    const { runAs } = await analyse(['1 openat(AT_FDCWD</>, "/tmp/x", O_WRONLY|O_CREAT, 0600) = 3</tmp/x>'], { uid: 1000 });
    assert.deepEqual([runAs.decision.uid, runAs.decision.nonRoot], [1000, true]);
  });
});

describe("the tmpfs over the image's log directory", () => {
  it('judges a root write of a hidden image file again, against the tmpfs directory it will create it in', async () => {
    const { writable, runAs, facts } = await analyse(['1 openat(AT_FDCWD</>, "/var/log/store/store.log", O_WRONLY|O_APPEND) = 3</var/log/store/store.log>']);
    assert.deepEqual(facts.capabilityUses.map((use) => [use.capability, use.checked]), [
      ['DAC_READ_SEARCH', '/var/log/store'],
      ['DAC_OVERRIDE', '/var/log/store/store.log'],
    ], 'in the profile, root bypassed the directory and the log file modes');
    const judged = capabilityNeeds(facts.capabilityUses, writable.paths).flatMap((tally) => tally.evidence.map((use) => [tally.capability, use.checked]));
    assert.deepEqual(judged, [['DAC_OVERRIDE', '/var/log/store']], 'the hidden file is judged as a new one in the tmpfs (and DAC_OVERRIDE covers the search)');
    assert.equal(writable.paths[0].mount.type, 'tmpfs');
    // Under the tmpfs (100:4 0750, as the image's directory) root creates a new file: still a bypass of uid 100's directory.
    assert.match(runAs.decision.reason, /uid 100/);
  });
});

describe('directories the image ships below a tmpfs', () => {
  it('get a tmpfs of their own with the image owner and mode, so a tmpfs at /run does not hide /run/store', async () => {
    const { writable } = await analyse([
      '1 openat(AT_FDCWD</>, "/run/store.pid", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3</run/store.pid>',
      '1 openat(AT_FDCWD</>, "/run/store/store.sock.lock", O_WRONLY|O_CREAT, 0600) = 4</run/store/store.sock.lock>',
    ]);
    const mounts = writable.paths.map((path) => [path.path, path.mount.type === 'tmpfs' ? `${path.mount.uid}:${path.mount.gid} ${path.mount.mode}` : 'volume']);
    assert.deepEqual(mounts, [['/run', '0:0 0755'], ['/run/store', '100:101 2755']]);
  });

  it('a directory the app creates itself below a tmpfs needs no mount of its own', async () => {
    const { writable } = await analyse([
      '1 openat(AT_FDCWD</>, "/run/store.pid", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3</run/store.pid>',
      '1 mkdir("/run/fresh", 0755) = 0',
      '1 openat(AT_FDCWD</>, "/run/fresh/a", O_WRONLY|O_CREAT, 0600) = 4</run/fresh/a>',
    ]);
    assert.deepEqual(writable.paths.map((path) => path.path), ['/run']);
  });
});

describe('what runs as PID 1', () => {
  const SWITCHES = [
    '1 execve("/usr/bin/store-server", ["store-server", "-u", "store"], []) = 0',
    '1 setgroups(0, []) = 0',
    '1 setgid(101) = 0',
    '1 setuid(100) = 0',
    '1 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=0, si_uid=0} ---',
    '1 +++ exited with 0 +++',
  ];

  async function initFor(lines: string[], stop = STOPPED, containerUid = 0) {
    const facts = await readTrace(Readable.from([`${lines.join('\n')}\n`]), { uid: 0, gid: 0, cwd: '/', stopSignal: 'SIGTERM', index: STORE });
    return decideInit({ facts, stop, containerUid, profileUid: 0, ownInit: undefined });
  }

  it("keeps Docker's init when the app stays root (the init can signal it)", async () => {
    const init = await initFor(['1 execve("/usr/bin/store-server", ["store-server"], []) = 0']);
    assert.deepEqual([init.kind, init.needsKill], ['docker', false]);
  });

  it('runs no init when the app switches users but, as PID 1, stopped on SIGTERM by itself and starts no children', async () => {
    const init = await initFor(SWITCHES);
    assert.deepEqual([init.kind, init.needsKill], ['none', false]);
    assert.match(init.reason, /^no init: store-server switches to uid 100, which Docker's init \(tini\) \(uid 0\) can signal only with KILL; in the profile store-server was PID 1 and stopped on SIGTERM by itself \(exit 0 in 0\.2 s\) and starts no child processes$/);
  });

  it('gives the init KILL when the app that switched users starts children it never reaps', async () => {
    const init = await initFor([...SWITCHES.slice(0, 4), '1 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x1) = 9', ...SWITCHES.slice(4)]);
    assert.deepEqual([init.kind, init.needsKill], ['docker', true]);
    assert.match(init.reason, /never waits for them/);
  });

  it('runs no init for a supervisor that reaps its children', async () => {
    const init = await initFor([
      ...SWITCHES.slice(0, 4),
      '1 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x1) = 9',
      '9 +++ exited with 0 +++',
      '1 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], WNOHANG, NULL) = 9',
      ...SWITCHES.slice(4),
    ]);
    assert.equal(init.kind, 'none');
    assert.match(init.reason, /reaps its child processes \(1 reaped\)/);
  });

  it('gives the init KILL when the app did not stop on its own in the profile', async () => {
    const init = await initFor(SWITCHES, { signal: 'SIGTERM', graceful: false, exitCode: 137, seconds: 10 });
    assert.deepEqual([init.kind, init.needsKill], ['docker', true]);
  });

  it('keeps the init, without KILL, for an app that never switched users when the container runs as its data owner', async () => {
    const init = await initFor(['1 execve("/usr/bin/store-server", ["store-server"], []) = 0'], STOPPED, 100);
    assert.deepEqual([init.kind, init.needsKill], ['docker', false]);
  });

  it('threads do not count as children to reap', async () => {
    const init = await initFor([...SWITCHES.slice(0, 4), '1 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0, stack=0x1, stack_size=0x1}, 88) = 9', ...SWITCHES.slice(4)]);
    assert.equal(init.kind, 'none');
  });
});

import { strict as assert } from 'node:assert';
import { ImageIndex } from '../../../src/core/image/imageIndex';
import { dir } from '../imageEntries';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { learnFromVerify } from '../../../src/core/refine/learnFromVerify';
import type { VerifyClue, VerifyProblem, VerifyResult } from '../../../src/core/verify/verifyHardened';
import { fixtureVariant } from '../generate/goldenFiles';

const INDEX = ImageIndex.fromEntries([dir('/'), dir('/run'), dir('/run/mosquitto', 101, 102, 0o755), dir('/var'), dir('/var/lib'), dir('/var/lib/app', 0, 0, 0o755), dir('/srv', 0, 0, 0o755)]);

function failed(problems: VerifyProblem[], clues: VerifyClue[] = []): VerifyResult {
  return { passed: false, verifiedAt: '2026-01-01T00:00:00Z', image: 'x', mode: 'traced', phases: [], problems, preexisting: [], clues, notes: [] };
}

const nginx = (): HardeningManifest => fixtureVariant('debian-nginx-root', () => {});

describe('what a failed verify round teaches', () => {
  it('a refused privileged call of a root process: the capability it needed', () => {
    const lessons = learnFromVerify(
      nginx(),
      failed([{ kind: 'refused-privilege', message: 'setpriv (uid 0) was refused setresgid: EPERM', cause: { type: 'refused', program: '/usr/bin/setpriv', syscall: 'setresgid', errno: 'EPERM', uid: 0, write: false, capability: 'SETGID' } }]),
      { round: 1, index: INDEX },
    );
    const learned = lessons.manifest.capabilities.find((use) => use.capability === 'SETGID');
    assert.ok(learned, 'SETGID is in the manifest');
    // The fixture already has SETGID from its trace: nothing new, and nothing learned.
    assert.deepEqual(lessons.learned, []);
    const withoutSetgid = { ...nginx(), capabilities: nginx().capabilities.filter((use) => use.capability !== 'SETGID') };
    const again = learnFromVerify(withoutSetgid, failed([{ kind: 'refused-privilege', message: 'm', cause: { type: 'refused', program: '/usr/bin/setpriv', syscall: 'setresgid', errno: 'EPERM', uid: 0, write: false, capability: 'SETGID' } }]), { round: 2, index: INDEX });
    assert.deepEqual(again.manifest.capabilities.find((use) => use.capability === 'SETGID')?.learnedInRound, 2);
    assert.match(again.learned[0], /^round 2: adds SETGID: setpriv \(uid 0\) was refused setresgid: EPERM$/);
  });

  it('an EPERM chmod of a root process: FOWNER; the same from a non-root process: nothing to add, one line for the user', () => {
    const cause = { type: 'refused' as const, program: '/bin/chmod', syscall: 'fchmodat', errno: 'EPERM', uid: 0, path: '/var/lib/app', write: true };
    const root = learnFromVerify(nginx(), failed([{ kind: 'refused-write', message: 'chmod (uid 0) was refused fchmodat /var/lib/app: EPERM', cause }]), { round: 1, index: INDEX });
    assert.ok(root.manifest.capabilities.some((use) => use.capability === 'FOWNER' && use.learnedInRound === 1));
    const user = learnFromVerify(nginx(), failed([{ kind: 'refused-write', message: 'chmod (uid 33) was refused fchmodat /var/lib/app: EPERM', cause: { ...cause, uid: 33 } }]), { round: 1, index: INDEX });
    assert.deepEqual(user.learned, []);
    assert.match(user.unresolved[0], /a non-root process gets no capabilities/);
  });

  it('a write refused by the read-only root: a writable path at its directory, with the image owner and mode', () => {
    const lessons = learnFromVerify(
      nginx(),
      failed([{ kind: 'refused-write', message: 'm', cause: { type: 'refused', program: '/usr/sbin/app', syscall: 'openat', errno: 'EROFS', uid: 0, path: '/srv/state.json', write: true } }]),
      { round: 1, index: INDEX },
    );
    const added = lessons.manifest.writablePaths.find((path) => path.path === '/srv');
    assert.ok(added);
    assert.equal(added.learnedInRound, 1);
    assert.deepEqual(added.evidence.sources, ['verify']);
    assert.match(lessons.learned[0], /\/srv becomes writable \(a tmpfs 0:0 mode 0755\): app \(uid 0\) was refused openat \/srv\/state\.json: EROFS/);
  });

  it('a write refused with EACCES in a tmpfs by a non-root process: the tmpfs is handed to that uid', () => {
    const manifest = nginx();
    const lessons = learnFromVerify(
      manifest,
      failed([{ kind: 'refused-write', message: 'm', cause: { type: 'refused', program: '/usr/sbin/nginx', syscall: 'openat', errno: 'EACCES', uid: 33, gid: 33, path: '/var/lib/nginx/body/1', write: true } }]),
      { round: 1, index: INDEX },
    );
    const body = lessons.manifest.writablePaths.find((path) => path.path === '/var/lib/nginx');
    assert.deepEqual(body?.mount.type === 'tmpfs' ? [body.mount.uid, body.mount.gid] : undefined, [33, 33]);
    assert.notDeepEqual(manifest.writablePaths, lessons.manifest.writablePaths, 'the input manifest is not changed');
  });

  it("a tmpfs hiding a directory the image ships: a narrower tmpfs at that directory, with the image's owner", () => {
    const manifest = fixtureVariant('debian-nginx-root', (edit) => {
      edit.writablePaths[0].evidence.examples = ['/run/mosquitto/mosquitto.pid'];
    });
    assert.equal(manifest.writablePaths[0].path, '/run');
    const hidden: VerifyClue = {
      message: 'mosquitto could not find /run/mosquitto/mosquitto.pid',
      cause: { type: 'hidden', program: '/usr/sbin/mosquitto', syscall: 'openat', path: '/run/mosquitto', mount: '/run' },
    };
    const lessons = learnFromVerify(manifest, failed([{ kind: 'probe', message: 'not up', cause: { type: 'not-up' } }], [hidden]), { round: 1, index: INDEX });
    const paths = lessons.manifest.writablePaths.map((path) => path.path);
    assert.ok(paths.includes('/run/mosquitto'));
    assert.ok(!paths.includes('/run'), 'everything written in /run was below /run/mosquitto: the narrower mount replaces it');
    const narrower = lessons.manifest.writablePaths.find((path) => path.path === '/run/mosquitto');
    assert.deepEqual(narrower?.mount.type === 'tmpfs' ? [narrower.mount.uid, narrower.mount.gid] : undefined, [101, 102]);
    // Sibling: a round that passed does not act on clues.
    const passed = learnFromVerify(manifest, { ...failed([], [hidden]), passed: true }, { round: 1, index: INDEX });
    assert.deepEqual(passed.learned, []);
  });

  it("the init could not forward the stop signal: KILL for the init", () => {
    const lessons = learnFromVerify(nginx(), failed([{ kind: 'stop', message: 'tini', cause: { type: 'init-signal' } }]), { round: 3, index: INDEX });
    assert.deepEqual(lessons.manifest.init, { kind: 'docker', needsKill: true, reason: lessons.manifest.init?.reason, learnedInRound: 3 });
  });

  it('data lost across the restart in a tmpfs: the path becomes a volume', () => {
    const lessons = learnFromVerify(nginx(), failed([{ kind: 'data-lost', message: '2 file(s) in /var/lib/nginx did not survive', cause: { type: 'data-lost', path: '/var/lib/nginx', files: ['a', 'b'] } }]), { round: 1, index: INDEX });
    const path = lessons.manifest.writablePaths.find((candidate) => candidate.path === '/var/lib/nginx');
    assert.deepEqual([path?.kind, path?.mount.type], ['data', 'volume']);
  });

  it('a probe that failed for no attributable reason: nothing learned, the problem left for the user', () => {
    const lessons = learnFromVerify(nginx(), failed([{ kind: 'probe', message: 'The app was not up within 120 s', cause: { type: 'not-up' } }]), { round: 1, index: INDEX });
    assert.deepEqual(lessons.learned, []);
    assert.equal(lessons.unresolved.length, 1);
    assert.match(lessons.unresolved[0], /^The app was not up within 120 s: check that the probe fits the app \(--probe\)/, 'with what the user can do');
  });
});

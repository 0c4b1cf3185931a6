import { strict as assert } from 'node:assert';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { INIT_IN_IMAGE } from '../../../src/core/minify/productionDockerfile';
import { imageUser, productionManifest } from '../../../src/core/minify/productionSettings';
import { replaceStartup, type StartupReplacement } from '../../../src/core/minify/startupReplacement';
import type { ProfileRecord } from '../../../src/core/profile/profileRecord';
import { profiledRecording, type RecordedFixture } from '../recordedFixture';

const BUILT = { tag: 'app:prod', id: 'sha256:0123456789abcdef', env: ['PATH=/usr/bin'] };

interface Variation {
  replacement?: (replacement: StartupReplacement) => StartupReplacement;
  record?: (record: ProfileRecord) => ProfileRecord;
}

/** The production manifest of a recorded profile (with its start-up replacement or record changed to try cases). */
async function production(name: RecordedFixture, variation: Variation = {}): Promise<{ development: HardeningManifest; production: HardeningManifest; replacement: StartupReplacement }> {
  const { recording, record, manifest } = await profiledRecording(name);
  const derived = replaceStartup({ manifest, record, index: recording.index, scripts: recording.scripts, seed: true });
  const replacement = variation.replacement ? variation.replacement(derived) : derived;
  const usedRecord = variation.record ? variation.record(record) : record;
  return { development: manifest, production: productionManifest(manifest, BUILT, replacement, usedRecord), replacement };
}

const names = (manifest: HardeningManifest): string[] => manifest.capabilities.map((use) => use.capability);
const evidence = (manifest: HardeningManifest, capability: string): string[] => manifest.capabilities.find((use) => use.capability === capability)?.evidence ?? [];
const noStartup = (replacement: StartupReplacement): StartupReplacement => ({ ...replacement, user: undefined, steps: [] });

describe('the production manifest', () => {
  it('does not carry where the development image was built from: Dockerfile.prod builds the production image', async () => {
    const { recording, record, manifest } = await profiledRecording('redis');
    const built = { ...manifest, image: { ...manifest.image, build: { context: '../../redis', dockerfile: 'Dockerfile' } } };
    const replacement = replaceStartup({ manifest: built, record, index: recording.index, scripts: recording.scripts, seed: true });
    const prod = productionManifest(built, BUILT, replacement, record);
    assert.equal(prod.image.build, undefined);
    assert.equal(prod.image.reference, 'app:prod');
  });

  describe('capabilities', () => {
    it('postgres: those the init needs for its steps and its drop, none of the start-up programs\' own', async () => {
      const { development, production: prod } = await production('postgres');
      assert.deepEqual(names(development), ['CHOWN', 'FOWNER', 'FSETID', 'SETGID', 'SETUID']);
      assert.ok(development.capabilities.every((use) => use.evidence.every((line) => /^\/usr\/bin\/(chown|chmod|setpriv): /.test(line))));
      assert.deepEqual(names(prod), ['CHOWN', 'FOWNER', 'FSETID', 'SETGID', 'SETUID']);
      assert.deepEqual(evidence(prod, 'CHOWN'), ['harden-init: chown 100:102 /var/lib/postgresql/data', 'harden-init: chown 100:102 /run/postgresql']);
      assert.deepEqual(evidence(prod, 'FOWNER'), ['harden-init: chmod 0700 /var/lib/postgresql/data', 'harden-init: chmod 3777 /run/postgresql']);
      assert.deepEqual(evidence(prod, 'FSETID'), ['harden-init: chmod 3777 /run/postgresql keeps the set-gid bit']);
      assert.deepEqual(evidence(prod, 'SETUID'), ['harden-init: drops itself and the app to 100:102 (init is PID 1)']);
      assert.deepEqual(evidence(prod, 'SETGID'), evidence(prod, 'SETUID'));
    });

    it('postgres: without the init\'s steps and drop, nothing is left: every capability was the start-up\'s', async () => {
      const { production: prod } = await production('postgres', { replacement: noStartup });
      assert.deepEqual(prod.capabilities, []);
    });

    it('SETUID and SETGID come only with a drop of privileges', async () => {
      const { production: withoutDrop } = await production('postgres', { replacement: (replacement) => ({ ...replacement, user: undefined }) });
      assert.deepEqual(names(withoutDrop), ['CHOWN', 'FOWNER', 'FSETID']);
    });

    it('FSETID only for a set-gid mode, CHOWN only for an owner other than root', async () => {
      const { production: prod } = await production('postgres', {
        replacement: (replacement) => ({ ...noStartup(replacement), steps: [{ kind: 'chmod', path: '/run/postgresql', mode: 0o1777 }, { kind: 'chown', path: '/var/lib/postgresql/data', uid: 0, gid: 0 }] }),
      });
      assert.deepEqual(names(prod), ['FOWNER']);
    });

    it('nginx: keeps the app\'s own, each with the evidence naming the app', async () => {
      const { development, production: prod } = await production('nginx');
      assert.deepEqual(names(prod), ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID']);
      assert.deepEqual(prod.capabilities, development.capabilities);
      assert.ok(prod.capabilities.every((use) => use.evidence.every((line) => line.startsWith('/usr/sbin/nginx: '))));
    });

    it('nginx: keeps none of them when the evidence names no program the app executed', async () => {
      const { production: prod } = await production('nginx', { record: (record) => ({ ...record, app: { ...record.app, executed: ['/usr/sbin/nginx-debug'] } }) });
      assert.deepEqual(prod.capabilities, []);
    });

    it('entrypoint-script: none for steps the init makes as the non-root user that owns what they make', async () => {
      const { production: prod, replacement } = await production('entrypoint-script');
      assert.deepEqual([prod.runAs.uid, prod.runAs.nonRoot], [65532, true]);
      assert.ok(replacement.steps.length > 0 && replacement.steps.every((step) => 'uid' in step && step.uid === 65532));
      assert.deepEqual(prod.capabilities, []);
    });
  });

  describe('the user', () => {
    it('is root, saying why, only when the init drops privileges itself', async () => {
      const { production: prod } = await production('postgres');
      assert.deepEqual(prod.runAs, {
        uid: 0,
        gid: 0,
        nonRoot: false,
        reason: 'harden-init starts as root to prepare the writable paths, then drops itself and the app to 100:102',
      });
    });

    it('is the development configuration\'s otherwise', async () => {
      const { development, production: prod } = await production('entrypoint-script');
      assert.deepEqual(prod.runAs, development.runAs);
      const { production: withDrop } = await production('entrypoint-script', { replacement: (replacement) => ({ ...replacement, user: { uid: 65532, gid: 65532, groups: [65532] } }) });
      assert.deepEqual([withDrop.runAs.uid, withDrop.runAs.nonRoot], [0, false]);
    });

    it('of the image is the one the start-up began as when the init drops, else the one the configuration runs the app as', async () => {
      const postgres = await production('postgres');
      assert.equal(imageUser(postgres.development, postgres.replacement), '0:0');
      const runAs = postgres.development.runAs;
      assert.equal(imageUser({ ...postgres.development, runAs: { ...runAs, uid: 100, gid: 102, nonRoot: true } }, noStartup(postgres.replacement)), '100:102');
      const script = await production('entrypoint-script');
      assert.equal(imageUser(script.development, script.replacement), '65532:65532', 'root in the profile, nobody in the configuration');
      const volumeData = await production('volume-data');
      assert.equal(imageUser(volumeData.development, volumeData.replacement), '10001:10001');
      assert.equal(postgres.production.image.user, '0:0');
    });
  });

  describe('the init', () => {
    it('is the image\'s own, needing no KILL: it signals the app as the uid it dropped both to', async () => {
      const { development, production: prod } = await production('postgres');
      assert.deepEqual([development.init?.kind, prod.init?.kind, prod.init?.needsKill], ['none', 'image', false]);
      assert.match(prod.init?.reason ?? '', /as the app's own uid \(100\)/);
    });

    it('hands PID 1 over to an app that drops privileges itself and stopped by itself (memcached), not to one under Docker\'s init (nginx)', async () => {
      const memcached = await production('memcached');
      assert.equal(memcached.replacement.appIsPid1, true);
      assert.deepEqual([memcached.production.init?.kind, memcached.production.init?.needsKill], ['image', false]);
      assert.match(memcached.production.init?.reason ?? '', /^harden-init does the start-up, then the app takes PID 1 over: /);
      const nginx = await production('nginx');
      assert.deepEqual([nginx.development.init?.kind, nginx.replacement.appIsPid1], ['docker', false]);
      assert.equal(nginx.production.init?.reason, 'harden-init is PID 1: it forwards signals and reaps zombies');
    });
  });

  it('runs the image built, with the init as entrypoint and the app\'s command', async () => {
    const { development, production: prod, replacement } = await production('postgres');
    assert.deepEqual(
      [prod.image.reference, prod.image.id, prod.image.entrypoint, prod.image.cmd, prod.image.env],
      [BUILT.tag, BUILT.id, [INIT_IN_IMAGE], replacement.argv, BUILT.env],
    );
    assert.equal('production' in prod, false);
    assert.equal('verification' in prod, false);
    assert.deepEqual(prod.writablePaths, development.writablePaths);
  });
});

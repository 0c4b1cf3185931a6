import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerEngine } from '../../src/core/docker/dockerEngine';
import { parseManifest } from '../../src/core/manifest/manifestFile';
import type { HardeningManifest, WritableKind } from '../../src/core/manifest/manifestTypes';
import { describeRun, runCli } from './cliProcess';
import { engineWithFixtures, leftovers } from './engineForTests';
import { editedCopy, withoutMounts } from './hardenedCopy';

interface FixtureCase {
  name: string;
  image: string;
  probe?: string;
  /** Every writable path the profile must find, with its kind — and no others. */
  writable: Record<string, WritableKind>;
  check?: (manifest: HardeningManifest) => void;
}

const FIXTURES: FixtureCase[] = [
  {
    name: 'nginx (writes /run, /var/lib/nginx, /var/log/nginx; root master, www-data workers)',
    image: 'harden-fixture/nginx:test',
    probe: 'http:80/',
    writable: { '/run': 'run', '/var/lib/nginx': 'scratch', '/var/log/nginx': 'log' },
    check: (manifest) => {
      assert.equal(manifest.runAs.nonRoot, false, 'nginx switches users, so it keeps root');
      for (const capability of ['CHOWN', 'SETUID', 'SETGID']) {
        assert.ok(manifest.capabilities.some((use) => use.capability === capability), `${capability} is traced`);
      }
      assert.deepEqual(manifest.ports.map((port) => port.port), [80]);
      const shell = manifest.components.find((component) => component.name === 'dash');
      assert.equal(shell?.executed, false, 'nginx never runs a shell');
    },
  },
  {
    name: 'a #!/bin/sh entrypoint script that expands ${PORT:-8080}, writes a pid file and a cache',
    image: 'harden-fixture/entrypoint-script:test',
    probe: 'http:8080/',
    writable: { '/run/app': 'run', '/var/cache/app': 'cache' },
    check: (manifest) => {
      const [script, ...rest] = manifest.execution.chain;
      assert.equal(script.program, '/usr/local/bin/docker-entrypoint.sh');
      assert.match(script.interpreter ?? '', /^\/(usr\/)?bin\/sh/);
      assert.match(rest.map((step) => step.program).join(' '), /python3/);
      assert.match(manifest.execution.main.program, /python3/, 'the main command is the server the script execs');
      assert.ok(manifest.components.find((component) => component.name === 'dash')?.executed, 'the script ran dash');
    },
  },
  {
    name: 'a VOLUME whose data must survive a restart',
    image: 'harden-fixture/volume-data:test',
    probe: 'http:8081/',
    writable: { '/var/lib/counter': 'data', '/run/counter': 'run' },
    check: (manifest) => {
      const data = manifest.writablePaths.find((path) => path.path === '/var/lib/counter');
      assert.equal(data?.mount.type, 'volume');
      assert.ok((data?.evidence.fsyncs ?? 0) > 0, 'the counter is fsynced');
      assert.ok((data?.evidence.writesAtShutdown ?? 0) > 0, 'it writes last-shutdown while stopping');
      assert.equal(manifest.runAs.uid, 10001);
    },
  },
  {
    name: 'a static binary in an image without a shell (default probe: every exposed port, over HTTP since it answers HTTP)',
    image: 'harden-fixture/static-noshell:test',
    writable: { '/tmp': 'scratch' },
    check: (manifest) => {
      assert.deepEqual(manifest.components, [], 'no shell, package manager or tool in the image');
      assert.equal(manifest.runAs.nonRoot, true, 'nothing needs root, so it runs as a non-root uid');
      assert.deepEqual(manifest.profile.probes, [{ kind: 'http', port: 8082, path: '/' }]);
    },
  },
];

describe('harden profile → verify on real images', function () {
  this.timeout(10 * 60 * 1000);
  let engine: DockerEngine;

  before(async () => {
    engine = await engineWithFixtures([...FIXTURES.map((fixture) => fixture.image), 'harden-fixture/crash-at-start:test']);
  });

  after(async () => {
    assert.deepEqual(await leftovers(engine), [], 'every container and volume harden created is removed');
  });

  for (const fixture of FIXTURES) {
    describe(fixture.name, () => {
      const out = mkdtempSync(join(tmpdir(), 'harden-profile-'));
      let manifest: HardeningManifest;

      it('profiles it and finds exactly the writable paths it needs', async () => {
        const run = await runCli(['profile', fixture.image, '--out', out, ...(fixture.probe ? ['--probe', fixture.probe] : [])]);
        assert.equal(run.code, 0, describeRun(run));
        manifest = parseManifest(readFileSync(join(out, 'manifest.yaml'), 'utf8'), 'manifest.yaml');
        const found = Object.fromEntries(manifest.writablePaths.map((path) => [path.path, path.kind]));
        assert.deepEqual(found, fixture.writable, run.stdout);
        fixture.check?.(manifest);
        for (const file of ['compose.hardened.yaml', 'k8s/deployment-patch.yaml', 'report.md']) {
          assert.ok(readFileSync(join(out, file), 'utf8').length > 0, `${file} is written`);
        }
      });

      it('verifies: the app works under the generated read-only configuration', async () => {
        const run = await runCli(['verify', out]);
        assert.equal(run.code, 0, describeRun(run));
        assert.match(run.stdout, /^verified: /);
        const result = JSON.parse(readFileSync(join(out, 'verify-result.json'), 'utf8')) as { passed: boolean };
        assert.equal(result.passed, true);
      });

      it('fails verify read-only without the generated mounts, naming the refused write', async () => {
        const run = await runCli(['verify', editedCopy(out, withoutMounts)]);
        assert.equal(run.code, 1, describeRun(run));
        assert.match(run.stderr, /refused-write: .* (EROFS|EACCES)/, describeRun(run));
        assert.match(run.stderr, /does not work under the hardened settings/);
      });
    });
  }

  describe('data volumes', () => {
    it('fails verify when the data directory is a tmpfs: the data does not survive a restart', async () => {
      const out = mkdtempSync(join(tmpdir(), 'harden-profile-'));
      const profile = await runCli(['profile', 'harden-fixture/volume-data:test', '--out', out, '--probe', 'http:8081/']);
      assert.equal(profile.code, 0, describeRun(profile));
      const tmpfsInsteadOfVolume = editedCopy(out, (service) => {
        delete service.volumes;
        service.tmpfs = [...((service.tmpfs as string[]) ?? []), '/var/lib/counter:rw,size=8m,uid=10001,gid=10001,mode=0755'];
      });
      const run = await runCli(['verify', tmpfsInsteadOfVolume]);
      assert.equal(run.code, 1, describeRun(run));
      assert.match(run.stderr, /data-lost \(restart\): .*\/var\/lib\/counter did not survive a restart/);
    });
  });

  describe('an app that crashes at start', () => {
    it('fails the profile with exit code 5, the app exit code and its last log line', async () => {
      const run = await runCli(['profile', 'harden-fixture/crash-at-start:test', '--duration', '5', '--out', mkdtempSync(join(tmpdir(), 'harden-crash-'))]);
      assert.equal(run.code, 5, describeRun(run));
      assert.match(run.stderr, /exited with code 3/);
      assert.match(run.stderr, /fatal: DATABASE_URL is not set/);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace without --debug');
    });
  });
});

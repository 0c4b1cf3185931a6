import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { DockerEngine } from '../../src/core/docker/dockerEngine';
import type { ProbeSpec } from '../../src/core/manifest/manifestTypes';
import { describeRun, runCli, type CliRun } from './cliProcess';
import { engineWithFixtures, leftovers } from './engineForTests';
import { editedCopy } from './hardenedCopy';

const IMAGE = 'harden-example/notes:latest';

/**
 * Run inside the container by verify as an `exec:` probe: true only when the settings reached the
 * app's process (PID 1 is Docker's init, which the app inherits its limits, directory and
 * environment from).
 */
const SETTINGS_APPLIED = [
  'test "$(cat /proc/sys/net/core/somaxconn)" = 1024',
  'grep -q "^Max open files *1234 *2345 " /proc/1/limits',
  'test "$(readlink /proc/1/cwd)" = /var/lib/notes',
  'tr "\\0" "\\n" < /proc/1/environ | grep -qx "NOTES_GREETING=from the env file"',
].join(' && ');

/** A copy of the profile's output whose manifest also probes with `probe`. */
function withProbe(dir: string, probe: ProbeSpec): string {
  const path = join(dir, 'manifest.yaml');
  const manifest = parseDocument(readFileSync(path, 'utf8'));
  const probes = manifest.getIn(['profile', 'probes']) as { add(value: unknown): void };
  probes.add(manifest.createNode(probe));
  writeFileSync(path, manifest.toString());
  return dir;
}

interface VerifyResultFile {
  passed: boolean;
  phases: Array<{ name: string; stop?: { signal: string; exitCode: number } }>;
}

describe('verify runs the Compose keys it reads, on a real engine', function () {
  this.timeout(5 * 60 * 1000);
  let engine: DockerEngine;
  const out = mkdtempSync(join(tmpdir(), 'harden-compose-keys-'));
  // Other harden runs may share the engine: look for what these runs left, by their pids.
  const pids: number[] = [];
  const harden = (args: string[], cwd?: string): Promise<CliRun> => runCli(args, { cwd, onStart: (child) => pids.push(child.pid ?? -1) });

  before(async () => {
    engine = await engineWithFixtures([IMAGE]);
    const profile = await harden(['profile', IMAGE, '--probe', 'http:8080/', '--out', out]);
    assert.equal(profile.code, 0, describeRun(profile));
  });

  after(async () => {
    for (const pid of pids) assert.deepEqual(await leftovers(engine, pid), [], 'every container and volume harden created is removed');
  });

  it('applies sysctls, ulimits, working_dir, env_file and stop_signal to the container', async () => {
    const dir = withProbe(
      editedCopy(out, (service) => {
        Object.assign(service, {
          sysctls: { 'net.core.somaxconn': 1024 },
          ulimits: { nofile: { soft: 1234, hard: 2345 } },
          working_dir: '/var/lib/notes',
          env_file: 'settings.env',
          stop_signal: 'SIGQUIT',
        });
      }),
      { kind: 'exec', argv: ['sh', '-c', SETTINGS_APPLIED] },
    );
    writeFileSync(join(dir, 'settings.env'), '# read relative to the Compose file\nNOTES_GREETING="from the env file" # quoted\n');
    const run = await harden(['verify', dir, '--no-restart'], tmpdir());
    assert.equal(run.code, 0, describeRun(run));
    const result = JSON.parse(readFileSync(join(dir, 'verify-result.json'), 'utf8')) as VerifyResultFile;
    // Python has no SIGQUIT handler: it dies of the signal, and Docker's init exits with 128 + 3.
    assert.deepEqual(result.phases.map((phase) => [phase.stop?.signal, phase.stop?.exitCode]), [['SIGQUIT', 131]]);
  });

  it('fails the same probe on the file without those keys, so the probe proves them', async () => {
    const dir = withProbe(editedCopy(out, () => undefined), { kind: 'exec', argv: ['sh', '-c', SETTINGS_APPLIED] });
    const run = await harden(['verify', dir, '--no-restart', '--timeout', '8']);
    assert.equal(run.code, 1, describeRun(run));
    assert.match(run.stderr, /probe: The app was not up within 8 s: exec:sh -c /);
  });

  describe('a host bind mount', () => {
    let dir: string;

    before(() => {
      dir = withProbe(
        editedCopy(out, (service) => {
          service.volumes = [...(service.volumes as string[]), './seed:/srv/seed:ro'];
        }),
        { kind: 'exec', argv: ['test', '-f', '/srv/seed/marker'] },
      );
      mkdirSync(join(dir, 'seed'));
      writeFileSync(join(dir, 'seed', 'marker'), 'from the host\n');
    });

    it('is refused with exit 6 and one line naming it, before any container runs', async () => {
      const run = await harden(['verify', dir], tmpdir());
      assert.equal(run.code, 6, describeRun(run));
      assert.equal(
        run.stderr,
        `harden verify: services.notes in ${join(dir, 'compose.hardened.yaml')} gives the container access to the host ` +
          `(volumes: the host's ${join(dir, 'seed')} mounted at /srv/seed (read-only)); verify runs it only with --allow-host-access.\n`,
      );
    });

    it('runs with --allow-host-access, its relative source resolved against the Compose file', async () => {
      const run = await harden(['verify', dir, '--allow-host-access'], tmpdir());
      assert.equal(run.code, 0, describeRun(run));
      assert.match(run.stdout, /^verified: /);
    });
  });
});

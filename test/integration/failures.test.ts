import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DockerEngine } from '../../src/core/docker/dockerEngine';
import { MANAGED_LABEL, OWNER_LABEL } from '../../src/core/run/runResources';
import { describeRun, runCli } from './cliProcess';
import { engineWithFixtures, leftovers } from './engineForTests';

/** One line on stderr (plus indented details), never a stack trace. */
function assertOneClearLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((line) => line.startsWith('harden '));
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /\n\s+at .*\.(js|ts):\d+/);
}

describe('failures: one clear line, a documented exit code, nothing left behind', function () {
  this.timeout(5 * 60 * 1000);
  let engine: DockerEngine;

  before(async () => {
    engine = await engineWithFixtures(['harden-fixture/nginx:test', 'harden-fixture/crash-at-start:test']);
  });

  it('exit 2 for bad usage', async () => {
    for (const args of [['profile'], ['profile', 'x', '--probe', 'udp:53'], ['profile', 'x', '--no-such-option'], ['frobnicate'], ['verify']]) {
      const run = await runCli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${describeRun(run)}`);
    }
  });

  it('exit 3 when the engine cannot be reached, saying what was tried', async () => {
    const run = await runCli(['profile', 'harden-fixture/nginx:test'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    assert.equal(run.code, 3, describeRun(run));
    assertOneClearLine(run.stderr, /Cannot reach the Docker Engine at unix:\/\/\/nonexistent\/docker\.sock \(from DOCKER_HOST\): there is no socket/);
  });

  it('exit 4 when the image is not on the engine', async () => {
    const run = await runCli(['profile', 'harden-fixture/does-not-exist:test']);
    assert.equal(run.code, 4, describeRun(run));
    assertOneClearLine(run.stderr, /Image harden-fixture\/does-not-exist:test is not on the engine .* pass --pull/);
  });

  it('exit 6 for a corrupt manifest or one of an unknown schema version', async () => {
    const corrupt = mkdtempSync(join(tmpdir(), 'harden-corrupt-'));
    writeFileSync(join(corrupt, 'manifest.yaml'), 'schemaVersion: 1\nimage: [unclosed\n');
    const first = await runCli(['verify', corrupt]);
    assert.equal(first.code, 6, describeRun(first));
    assertOneClearLine(first.stderr, /not valid YAML at line/);

    const future = mkdtempSync(join(tmpdir(), 'harden-future-'));
    writeFileSync(join(future, 'manifest.yaml'), 'schemaVersion: 2\n');
    const second = await runCli(['verify', future]);
    assert.equal(second.code, 6, describeRun(second));
    assertOneClearLine(second.stderr, /has schemaVersion 2; this version of harden reads schemaVersion 1/);
  });

  it('Ctrl-C during a profile stops, removes the container and volumes, and exits 130', async () => {
    let sent = false;
    let pid: number | undefined;
    const run = await runCli(['profile', 'harden-fixture/nginx:test', '--duration', '120', '--out', mkdtempSync(join(tmpdir(), 'harden-int-'))], {
      onStart: (child) => {
        pid = child.pid;
        void (async () => {
          for (let i = 0; i < 200 && !sent; i += 1) {
            // This run's own profiling container (another harden run may share the engine).
            const ours = await engine.listContainersByLabel(`${OWNER_LABEL}=${hostname()}/${child.pid}`);
            const running = ours.some((container) => container.labels['dev.harden.purpose'] === 'profile');
            if (running) {
              await sleep(1000);
              child.kill('SIGINT');
              sent = true;
            }
            await sleep(100);
          }
        })();
      },
    });
    assert.ok(sent, 'the profiling container was seen running');
    assert.equal(run.code, 130, describeRun(run));
    assert.match(run.stderr, /SIGINT received, stopping and removing/);
    assert.deepEqual(await leftovers(engine, pid), []);
  });

  it('removes what a crashed earlier run left behind', async () => {
    const labels = { [MANAGED_LABEL]: 'true', [OWNER_LABEL]: `${hostname()}/999999`, 'dev.harden.purpose': 'profile' };
    await engine.createVolume('harden-test-leftover', labels);
    await engine.createContainer({ Image: 'harden-fixture/crash-at-start:test', Labels: labels });
    assert.equal((await leftovers(engine, 999999)).length, 2);
    const run = await runCli(['profile', 'harden-fixture/crash-at-start:test', '--duration', '2', '--out', mkdtempSync(join(tmpdir(), 'harden-int-'))]);
    assert.equal(run.code, 5, describeRun(run));
    assert.match(run.stderr, /removed \d+ container\(s\)\/volume\(s\) left by an earlier harden run/);
    assert.deepEqual(await leftovers(engine, 999999), []);
  });
});

describe('tracer bundles for engines the host strace cannot serve', function () {
  this.timeout(5 * 60 * 1000);

  it('exports the host strace and profiles with it through HARDEN_TRACER', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harden-tracer-'));
    const exported = await runCli(['tracer', 'export', join(dir, 'tracer.tar')]);
    assert.equal(exported.code, 0, describeRun(exported));
    const run = await runCli(['profile', 'harden-fixture/static-noshell:test', '--out', join(dir, 'out')], { env: { HARDEN_TRACER: join(dir, 'tracer.tar') } });
    assert.equal(run.code, 0, describeRun(run));
  });

  it('refuses a bundle made for another architecture with exit 7', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harden-tracer-'));
    await runCli(['tracer', 'export', join(dir, 'tracer.tar')]);
    writeFileSync(join(dir, 'tracer.tar.json'), JSON.stringify({ architecture: 's390x', loader: 'ld64.so.1', version: 'strace 6.1' }));
    const run = await runCli(['profile', 'harden-fixture/static-noshell:test', '--out', join(dir, 'out')], { env: { HARDEN_TRACER: join(dir, 'tracer.tar') } });
    assert.equal(run.code, 7, describeRun(run));
    assert.match(run.stderr, /is for s390x, the engine runs amd64/);
  });
});

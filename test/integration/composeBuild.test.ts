import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { applyTargets } from '../../src/core/editor/applyTargets';
import { generateCompose } from '../../src/core/generate/composeGenerator';
import { parseManifest } from '../../src/core/manifest/manifestFile';
import type { HardeningManifest } from '../../src/core/manifest/manifestTypes';
import { describeRun } from './cliProcess';
import { assertComposeInstalled } from './composeProject';
import { runCommand } from './hostCommand';

/** The recorded redis profile, as the editor writes it after building redis/Dockerfile. */
const RECORDED = join(__dirname, '..', 'unit', 'fixtures', 'manifests', 'editor-built-redis', 'manifest.yaml');

/**
 * Debian's docker-compose 1.29 reads the `build:` harden writes beside `image:` from both places a
 * Compose file lands — `.harden/<service>/` and, by Apply, the workspace root — and builds the image
 * from the Dockerfile the editor built it from.
 */
describe('docker-compose builds an image the editor built from the generated build:', function () {
  this.timeout(300_000);
  const tag = `harden-test-build-${process.pid}-${randomBytes(3).toString('hex')}:latest`;
  let workspace: string;
  let manifest: HardeningManifest;

  before(async () => {
    await assertComposeInstalled();
    workspace = mkdtempSync(join(tmpdir(), 'harden-compose-build-'));
    mkdirSync(join(workspace, 'redis'));
    mkdirSync(join(workspace, '.harden', 'redis'), { recursive: true });
    // FROM the fixture image: the build needs no network and takes a second.
    writeFileSync(join(workspace, 'redis', 'Dockerfile'), 'FROM harden-fixture/redis:test\nLABEL harden.test=compose-build\n');
    manifest = parseManifest(readFileSync(RECORDED, 'utf8'), RECORDED);
    manifest.image.reference = tag;
  });

  after(async () => {
    await runCommand('docker', ['image', 'rm', '--force', tag]);
    rmSync(workspace, { recursive: true, force: true });
  });

  it('.harden/redis/compose.hardened.yaml: build resolves to redis/ and docker-compose build tags the image', async () => {
    const file = '.harden/redis/compose.hardened.yaml';
    writeFileSync(join(workspace, file), generateCompose(manifest, { outputDir: '.harden/redis', serviceName: 'redis' }));
    const config = await runCommand('docker-compose', ['-f', file, 'config'], { cwd: workspace });
    assert.equal(config.code, 0, describeRun(config));
    const service = (parse(config.stdout) as { services: Record<string, { build: { context: string; dockerfile: string }; image: string }> }).services.redis;
    assert.deepEqual(service.build, { context: join(workspace, 'redis'), dockerfile: 'Dockerfile' });
    assert.equal(service.image, tag);

    const build = await runCommand('docker-compose', ['-p', `harden-build-${process.pid}`, '-f', file, 'build'], { cwd: workspace });
    assert.equal(build.code, 0, describeRun(build));
    const labels = await runCommand('docker', ['image', 'inspect', '--format', '{{index .Config.Labels "harden.test"}}', tag]);
    assert.equal(labels.stdout.trim(), 'compose-build', describeRun(labels));
  });

  it('compose.hardened.yaml at the workspace root (Apply): the same build, from there', async () => {
    const [compose] = applyTargets(manifest, '.harden/redis/manifest.yaml');
    assert.ok(compose);
    writeFileSync(join(workspace, compose.path), compose.content);
    const config = await runCommand('docker-compose', ['-f', compose.path, 'config'], { cwd: workspace });
    assert.equal(config.code, 0, describeRun(config));
    // Apply names the service after the image: the unique test tag here.
    const services = Object.values((parse(config.stdout) as { services: Record<string, { build: { context: string } }> }).services);
    assert.deepEqual(services.map((service) => service.build.context), [join(workspace, 'redis')]);
  });

  it('a context written for the other place leads nowhere: docker-compose says so', async () => {
    const file = '.harden/redis/wrong.yaml';
    writeFileSync(join(workspace, file), generateCompose(manifest, { outputDir: '.harden/redis', serviceName: 'redis' }).replace('context: ../../redis', 'context: redis'));
    const build = await runCommand('docker-compose', ['-p', `harden-build-${process.pid}`, '-f', file, 'build'], { cwd: workspace });
    assert.notEqual(build.code, 0, describeRun(build));
    assert.match(build.stderr, /redis/);
  });
});

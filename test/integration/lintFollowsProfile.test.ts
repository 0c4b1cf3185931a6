import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describeRun, runCli } from './cliProcess';
import { engineWithFixtures } from './engineForTests';

const REDIS = 'harden-fixture/redis:test';

/**
 * The command-line twin of the editor's loop: `harden profile --dockerfile` records where the image
 * came from, and `harden lint` on that Dockerfile then proposes the user the profile ran the app as.
 */
describe('harden lint follows harden profile --dockerfile', function () {
  this.timeout(600_000);
  let workspace: string;

  before(async () => {
    await engineWithFixtures([REDIS]);
    workspace = mkdtempSync(join(tmpdir(), 'harden-lint-follows-'));
    mkdirSync(join(workspace, 'redis'));
    writeFileSync(join(workspace, 'redis', 'Dockerfile'), readFileSync(join(__dirname, '..', 'fixtures', 'redis', 'Dockerfile'), 'utf8'));
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('before a profile, HX004 proposes the Debian family\'s 10001:10001', async () => {
    const run = await runCli(['lint', 'redis/Dockerfile'], { cwd: workspace });
    assert.match(run.stdout, /HX004 .*add `USER 10001:10001`/, describeRun(run));
  });

  it('after it, 100:101, the owner of /var/lib/redis, with the manifest named; and the Compose file builds from redis/', async () => {
    const profile = await runCli(['profile', REDIS, '--dockerfile', 'redis/Dockerfile', '--out', '.harden/redis', '--no-verify', '--quiet'], { cwd: workspace });
    assert.equal(profile.code, 0, describeRun(profile));
    const manifest = parse(readFileSync(join(workspace, '.harden', 'redis', 'manifest.yaml'), 'utf8')) as { image: { build: unknown } };
    assert.deepEqual(manifest.image.build, { context: '../../redis', dockerfile: 'Dockerfile' });
    const compose = parse(readFileSync(join(workspace, '.harden', 'redis', 'compose.hardened.yaml'), 'utf8')) as { services: { redis: { build: unknown } } };
    assert.deepEqual(compose.services.redis.build, { context: '../../redis', dockerfile: 'Dockerfile' });

    const lint = await runCli(['lint', 'redis/Dockerfile'], { cwd: workspace });
    assert.match(lint.stdout, /HX004 The final stage sets no USER, so the container runs as root; the profile \(\.harden\/redis\/manifest\.yaml\) ran it as 100:101, the owner of \/var\/lib\/redis: add `USER 100:101`/, describeRun(lint));
  });

  it('refuses a --dockerfile that is not there in one sentence, before touching the engine', async () => {
    const run = await runCli(['profile', REDIS, '--dockerfile', 'nope/Dockerfile'], { cwd: workspace, env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } });
    assert.equal(run.code, 2, describeRun(run));
    assert.match(run.stderr, /--dockerfile nope\/Dockerfile: no Dockerfile at nope\/Dockerfile\./);
  });
});

// Lint and profile agree, in a real VS Code (code-server + Chromium): a Dockerfile FROM the redis
// fixture is built and profiled from the editor; HX004 then proposes the uid the profile ran it as
// (the owner of /var/lib/redis), the code lens says what the profile decided, and the Compose file
// builds the local-only image with `build:`. Needs scripts/ensure-e2e.sh, scripts/build-fixtures.sh
// and `npm run build && npm run package`.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { connectEngine } from '../../../src/core/docker/dockerEngine';
import { builtVsix } from '../harness/builtVsix';
import { codeLensTitles } from '../harness/codeLenses';
import { pollUntil } from '../harness/deadline';
import { runCommand } from '../../integration/hostCommand';
import { readProblems, type ProblemRow } from '../harness/problemsPanel';
import { quickFixTitles } from '../harness/quickFix';
import { VscodeSession } from '../harness/vscodeSession';

const BASE = 'harden-fixture/redis:test';
const BUILT = 'harden-local/redis:latest';
const DOCKERFILE = `FROM ${BASE}\nCMD ["redis-server", "--protected-mode", "no", "--bind", "0.0.0.0", "--dir", "/var/lib/redis"]\n`;
/** 1-based, inside `harden-fixture/redis:test` on the FROM line, where HX004 sits. */
const FROM_IMAGE = { line: 1, column: 8 };
const PROFILED_FIX = 'Run as 100:101, as the profile did (the owner of /var/lib/redis)';
const BUILD_AND_PROFILE_TIMEOUT_MS = 300_000;

describe('Lint and profile agree (code-server + Chromium)', function () {
  let session: VscodeSession;
  let source: string;

  before(async function () {
    const vsix = builtVsix('harden');
    console.log(`    testing ${vsix} (packaged ${Math.round((Date.now() - statSync(vsix).mtimeMs) / 60_000)} min ago)`);
    const engine = await connectEngine();
    assert.ok(await engine.inspectImage(BASE), `fixture image ${BASE} is missing: run scripts/build-fixtures.sh`);
    source = mkdtempSync(join(tmpdir(), 'harden-e2e-agree-'));
    mkdirSync(join(source, 'redis'));
    writeFileSync(join(source, 'redis', 'Dockerfile'), DOCKERFILE);
    session = await VscodeSession.start({ vsix, workspace: source });
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (session && test?.state === 'failed') console.log(`    screenshot of the failure: ${await session.workbench.screenshot(`agree-failed-${test.title.replace(/\W+/g, '-').slice(0, 50)}`)}`);
  });

  after(async function () {
    await session?.close();
    rmSync(source, { recursive: true, force: true });
    await runCommand('docker', ['image', 'rm', '--force', BUILT]);
  });

  const hx004 = async (): Promise<ProblemRow | undefined> => (await readProblems(session.workbench)).find((row) => row.code === 'HX004');

  it('before a profile, HX004 guesses a uid and the lens offers to profile', async function () {
    await session.workbench.openFile('redis/Dockerfile');
    const problem = await pollUntil(hx004, { timeoutMs: 60_000, message: 'the Problems panel showed no HX004 for redis/Dockerfile' });
    assert.doesNotMatch(problem.message, /profile/);
    await session.workbench.openFile('redis/Dockerfile');
    const titles = await quickFixTitles(session.workbench, FROM_IMAGE.line, FROM_IMAGE.column);
    assert.ok(!titles.includes(PROFILED_FIX), `offered before any profile: ${JSON.stringify(titles)}`);
    assert.ok(titles.some((title) => /^Run as \d+/.test(title)), `no USER fix offered: ${JSON.stringify(titles)}`);
    // Code lenses render after the editor settles: wait for them rather than read the first frame.
    await pollUntil(async () => ((await codeLensTitles(session.workbench)).includes('Profile & preview hardening') ? true : undefined), {
      timeoutMs: 20_000,
      message: 'the final stage has no "Profile & preview hardening" code lens',
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}; lenses shown: ${JSON.stringify(await codeLensTitles(session.workbench))}`);
    });
    console.log(`    before: ${problem.message}`);
  });

  it('Build redis/Dockerfile first: builds, profiles, and records where the image came from', async function () {
    await session.workbench.openFile('redis/Dockerfile');
    await session.workbench.runCommand('Harden: Profile Image…');
    await session.workbench.pickQuickPickItem('Build redis/Dockerfile first', 60_000);
    // The profile settings follow the image pick; the image's own settings are what this test wants.
    await session.workbench.pickQuickPickItem(/^Profile$/, 60_000);
    await session.workbench.waitForNotification(new RegExp(`^Profiled ${BUILT.replace(/[/.]/g, '\\$&')}`), BUILD_AND_PROFILE_TIMEOUT_MS);
    const manifest = parse(readFileSync(join(session.workspaceDir, '.harden', 'redis', 'manifest.yaml'), 'utf8')) as { image: { build?: unknown }; runAs: { uid: number; gid: number } };
    assert.deepEqual(manifest.image.build, { context: '../../redis', dockerfile: 'Dockerfile' });
    assert.deepEqual([manifest.runAs.uid, manifest.runAs.gid], [100, 101]);
    const compose = parse(readFileSync(join(session.workspaceDir, '.harden', 'redis', 'compose.hardened.yaml'), 'utf8')) as { services: { redis: { image: string; build: unknown } } };
    assert.equal(compose.services.redis.image, BUILT);
    assert.deepEqual(compose.services.redis.build, { context: '../../redis', dockerfile: 'Dockerfile' });
  });

  it('after it, HX004 proposes the uid the profile ran it as, and the lens says what the profile decided', async function () {
    await session.workbench.openFile('redis/Dockerfile');
    const problem = await pollUntil(
      async () => {
        const row = await hx004();
        return row && /the profile/.test(row.message) ? row : undefined;
      },
      { timeoutMs: 60_000, message: 'HX004 never followed the profile' },
    );
    assert.match(problem.message, /the profile \(\.harden\/redis\/manifest\.yaml\) ran it as 100:101, the owner of \/var\/lib\/redis: add `USER 100:101`/);
    await session.workbench.openFile('redis/Dockerfile');
    const lenses = await pollUntil(
      async () => {
        const titles = await codeLensTitles(session.workbench);
        return titles.some((title) => title.startsWith('Profile: ')) ? titles : undefined;
      },
      { timeoutMs: 30_000, message: 'the code lens never showed the profile' },
    );
    const decision = lenses.find((title) => title.startsWith('Profile: ')) ?? '';
    assert.match(decision, /^Profile: runs as 100:101 · \d+ writable paths? · (verified|not verified)$/);
    console.log(`    lens: ${decision}`);
    console.log(`    screenshot: ${await session.workbench.screenshot('agree-lens-and-problem')}`);
    const titles = await quickFixTitles(session.workbench, FROM_IMAGE.line, FROM_IMAGE.column);
    assert.ok(titles.includes(PROFILED_FIX), `the Quick Fix menu offers ${JSON.stringify(titles)}`);
    console.log(`    after: ${problem.message}`);
  });
});

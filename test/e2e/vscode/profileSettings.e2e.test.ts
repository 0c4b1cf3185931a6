// The editor's profile settings, in a real VS Code (code-server) in Chromium: an image with no
// exposed port profiled for a duration, an HTTP app profiled with the HTTP probe Harden offers
// (and, the sibling, with TCP, which misses its /tmp), and `harden profile` with no arguments
// repeating the editor's profile from .harden/<service>/profile-settings.yaml.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { connectEngine } from '../../../src/core/docker/dockerEngine';
import { builtVsix } from '../harness/builtVsix';
import { pollUntil } from '../harness/deadline';
import { optionalText } from '../harness/optionalText';
import { answerInputBox, checkOnly, quickPickRows } from '../harness/quickInput';
import { readTreeRows, treeView } from '../harness/treeView';
import { VscodeSession } from '../harness/vscodeSession';
import { webviewDocument } from '../harness/webviewFrame';

const EXTENSION_ID = 'harden.harden';
const WORKER = 'harden-fixture/worker:test';
const REQUEST_WRITES = 'harden-fixture/request-writes:test';
const REPO_ROOT = join(__dirname, '..', '..', '..');
const PROFILE_TIMEOUT_MS = 240_000;

describe('Profile settings in VS Code (code-server + Chromium)', function () {
  let session: VscodeSession;

  before(async function () {
    const engine = await connectEngine();
    for (const image of [WORKER, REQUEST_WRITES]) assert.ok(await engine.inspectImage(image), `fixture image ${image} is missing: run scripts/build-fixtures.sh`);
    session = await VscodeSession.start({ vsix: builtVsix('harden') });
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (session && test?.state === 'failed') {
      console.log(`    screenshot of the failure: ${await session.workbench.screenshot(`settings-failed-${test.title.replace(/\W+/g, '-').slice(0, 60)}`)}`);
    }
  });

  after(async function () {
    await session?.close();
  });

  const preview = () => webviewDocument(session.page, EXTENSION_ID);
  const serviceFile = (service: string, file: string) => join(session.workspaceDir, '.harden', service, file);

  /** Waits for the settings flow (its rows Probes and Duration), which opens once the engine has described the image. */
  async function settingsFlowShown(): Promise<void> {
    await pollUntil(
      async () => {
        const labels = (await quickPickRows(session.page)).map((row) => row.label);
        return labels.includes('Probes') && labels.includes('Duration') ? true : undefined;
      },
      { timeoutMs: 30_000, message: 'the profile settings flow did not open' },
    );
  }

  /** The preview's writable paths once it shows the profile of `service` written after `since` (as many rows as its manifest has). */
  /**
   * Profile Image… and the image's row. Once in a few runs on this loaded machine the picker closed
   * before the row was picked (something took focus); the second attempt says so in the log.
   */
  async function pickImageToProfile(image: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      await session.workbench.runCommand('Harden: Profile Image…');
      try {
        await session.workbench.pickQuickPickItem(image, 60_000);
        return;
      } catch (error) {
        if (attempt === 2) throw error;
        console.log(`    the image picker closed before ${image} was picked (${(error as Error).message.split('\n')[0]}); opening it again`);
        await session.page.keyboard.press('Escape');
      }
    }
  }

  async function previewPathsAfterProfile(service: string, since: number): Promise<string[]> {
    return pollUntil(
      async () => {
        const errors = await session.workbench.errorNotificationMessages();
        if (errors.length > 0) throw new Error(`profiling failed: ${errors.join(' | ')}`);
        const manifest = serviceFile(service, 'manifest.yaml');
        if (!existsSync(manifest) || statSync(manifest).mtimeMs < since) return undefined;
        const written = parse(readFileSync(manifest, 'utf8')) as { image: { reference: string }; writablePaths: unknown[] };
        const expected = written.writablePaths.length;
        // With two previews open, the one on screen may still be the other image's, or still loading: wait for this one.
        if ((await optionalText(preview().locator('h1'))).trim() !== written.image.reference) return undefined;
        const counter = (await optionalText(preview().locator('[data-row-count]'))).trim();
        if (counter !== `${expected} of ${expected}`) return undefined;
        const shown = (await Promise.all((await preview().locator('[data-row-path]').all()).map((row) => row.getAttribute('data-row-path')))).filter((path): path is string => path !== null);
        return shown.length === expected ? shown : undefined;
      },
      { timeoutMs: PROFILE_TIMEOUT_MS, intervalMs: 1_000, message: `no profile of ${service} reached the preview` },
    );
  }

  it('offers HTTP for a port that answers HTTP; with it the preview shows the /tmp the request handler writes', async function () {
    const since = Date.now();
    await pickImageToProfile(REQUEST_WRITES);
    await settingsFlowShown();
    await session.workbench.pickQuickPickItem('Probes');
    // The image runs plainly in the background meanwhile; the suggestion says what its port answered.
    const rows = await pollUntil(
      async () => {
        const rows = await quickPickRows(session.page);
        return rows.some((row) => row.label === 'http:8094/' && /answers HTTP \(200 at \/\)/.test(row.description)) ? rows : undefined;
      },
      { timeoutMs: 60_000, message: 'the HTTP suggestion for 8094 never said the port answers HTTP' },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; rows: ${JSON.stringify(await quickPickRows(session.page))}`);
    });
    assert.match(rows.find((row) => row.label === 'tcp:8094')?.description ?? '', /answers HTTP too/);
    console.log(`    screenshot: ${await session.workbench.screenshot('settings-probes-suggested')}`);
    await checkOnly(session.page, ['http:8094/']);
    await session.workbench.pickQuickPickItem(/^Profile$/);
    const paths = await previewPathsAfterProfile('request-writes', since);
    assert.ok(paths.includes('/tmp'), `writable paths shown: ${JSON.stringify(paths)}`);
    assert.match(readFileSync(serviceFile('request-writes', 'profile-settings.yaml'), 'utf8'), /^probes:\n {2}- http:8094\/$/m);
    console.log(`    request-writes over HTTP: ${paths.join(', ')}; screenshot: ${await session.workbench.screenshot('settings-http-preview')}`);

    await session.workbench.runCommand('Harden: Focus on Manifest Explorer View');
    const row = await pollUntil(
      async () => (await readTreeRows(session.page, 'Manifest Explorer')).find((candidate) => candidate.label === 'Profile settings: http:8094/'),
      { timeoutMs: 30_000, message: 'the Manifest Explorer showed no "Profile settings: http:8094/" row' },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; it shows ${JSON.stringify(await readTreeRows(session.page, 'Manifest Explorer'))}`);
    });
    assert.equal(row.depth, 2);
    console.log(`    screenshot: ${await session.workbench.screenshot('settings-explorer-row')}`);
  });

  it('`harden profile` with no arguments, in the workspace, repeats the editor\'s profile', async function () {
    const before = readFileSync(serviceFile('request-writes', 'manifest.yaml'), 'utf8');
    const { stderr } = await runCli(['profile'], session.workspaceDir);
    assert.match(stderr, /using the profile settings in \.harden\/request-writes\/profile-settings\.yaml \(http:8094\/\)/);
    const after = readFileSync(serviceFile('request-writes', 'manifest.yaml'), 'utf8');
    assert.notEqual(after, before, 'the manifest was not rewritten');
    assert.match(after, /probes:\n\s+- kind: http\n\s+port: 8094\n\s+path: \//);
    assert.match(after, /- path: \/tmp\n/);
  });

  it('asks for a duration for an image with no exposed port, and profiles it for that long', async function () {
    const since = Date.now();
    await pickImageToProfile(WORKER);
    // The flow opens on the Duration row: the image exposes no port, so there is nothing to probe.
    await settingsFlowShown();
    const probes = (await quickPickRows(session.page)).find((row) => row.label === 'Probes');
    assert.match(probes?.description ?? '', /none \(the image exposes no ports\)/);
    console.log(`    screenshot: ${await session.workbench.screenshot('settings-worker-flow')}`);
    await session.workbench.pickQuickPickItem(/^Profile$/);
    // Profile with nothing to wait for: a clear question, never a CLI flag.
    await answerInputBox(session.page, /exposes no ports, so there is nothing to probe: how many seconds/, '4');
    const paths = await previewPathsAfterProfile('worker', since);
    assert.ok(paths.includes('/var/cache/worker'), `writable paths shown: ${JSON.stringify(paths)}`);
    assert.match(readFileSync(serviceFile('worker', 'profile-settings.yaml'), 'utf8'), /^durationSeconds: 4$/m);
    console.log(`    worker: ${paths.join(', ')}; screenshot: ${await session.workbench.screenshot('settings-worker-preview')}`);
  });

  it('`harden profile` with no arguments and two remembered profiles says how to choose', async function () {
    const failure = await runCli(['profile'], session.workspaceDir).then(
      () => assert.fail('harden profile chose one of two profiles by itself'),
      (error: { stderr?: string; code?: number }) => error,
    );
    assert.equal(failure.code, 2);
    assert.match(String(failure.stderr), /2 profiles here could be repeated \(\.harden\/request-writes, \.harden\/worker\); pass --out \.harden\/request-writes to repeat that one/);
  });

  it('the sibling: with the TCP probe, set from the preview\'s Profile settings…, the profile misses /tmp', async function () {
    const since = Date.now();
    // Its preview, opened from the Manifest Explorer; then the preview's own button.
    await session.workbench.runCommand('Harden: Focus on Manifest Explorer View');
    await treeView(session.page, 'Manifest Explorer').locator('.monaco-list-row', { hasText: REQUEST_WRITES }).first().click();
    await pollUntil(async () => ((await preview().locator('[data-row-path="/tmp"]').count()) > 0 ? true : undefined), { timeoutMs: 30_000, message: 'the request-writes preview did not open' });
    await preview().locator('[data-action="profile-settings"]').click();
    await settingsFlowShown();
    await session.workbench.pickQuickPickItem('Probes');
    await pollUntil(async () => ((await quickPickRows(session.page)).some((row) => row.label === 'tcp:8094') ? true : undefined), { timeoutMs: 30_000, message: 'no tcp:8094 row' });
    await checkOnly(session.page, ['tcp:8094']);
    await session.workbench.pickQuickPickItem(/^Save$/);
    const toast = await session.workbench.waitForNotification(/^Saved the profile settings of harden-fixture\/request-writes:test \(tcp:8094\)/);
    assert.match(readFileSync(serviceFile('request-writes', 'profile-settings.yaml'), 'utf8'), /^ {2}- tcp:8094$/m);
    await session.workbench.clickNotificationButton(toast, 'Re-profile now');
    const paths = await previewPathsAfterProfile('request-writes', since);
    assert.ok(!paths.includes('/tmp'), `a TCP probe sends no request, so no /tmp; shown: ${JSON.stringify(paths)}`);
    console.log(`    request-writes over TCP: ${paths.join(', ') || '(none)'}; screenshot: ${await session.workbench.screenshot('settings-tcp-preview')}`);
  });
});

async function runCli(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { cwd, timeout: PROFILE_TIMEOUT_MS });
}

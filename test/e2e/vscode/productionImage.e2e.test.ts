// The production image in the editor, in a real VS Code (code-server + Chromium): profile
// harden-fixture/nginx:test, build its production image from the preview, see the section, Apply
// Dockerfile.prod and compose.prod.yaml, and find the code lens on the final stage of a Dockerfile.
// Needs scripts/ensure-e2e.sh, scripts/build-fixtures.sh and `npm run build && npm run package`.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEngine, type DockerEngine } from '../../../src/core/docker/dockerEngine';
import { OWNER_LABEL } from '../../../src/core/run/runResources';
import { builtVsix } from '../harness/builtVsix';
import { extensionHostPid } from '../harness/extensionHost';
import { pollUntil } from '../harness/deadline';
import { answerInputBox } from '../harness/inputBox';
import { VscodeSession } from '../harness/vscodeSession';
import { webviewDocument } from '../harness/webviewFrame';

const EXTENSION_ID = 'harden.harden';
const IMAGE = 'harden-fixture/nginx:test';
const SERVICE = 'nginx';
/** Not the offered `harden-fixture/nginx-prod:test`: a tag only this test makes, removed in `after`. */
const PRODUCTION_TAG = 'harden-test-prod/nginx-e2e:test';
const LONG_STEP_MS = 300_000;
/** Its entrypoint script writes /run/app/app.pid, which the init does not reproduce: minify asks before building without it. */
const SCRIPTED_IMAGE = 'harden-fixture/entrypoint-script:test';
const SCRIPTED_TAG = 'harden-test-prod/entrypoint-e2e:test';

describe('Harden in VS Code: the production image (code-server + Chromium)', function () {
  let session: VscodeSession;
  let engine: DockerEngine;
  let workspace: string;

  before(async function () {
    engine = await connectEngine();
    assert.ok(await engine.inspectImage(IMAGE), `fixture image ${IMAGE} is missing: run scripts/build-fixtures.sh`);
    assert.ok(await engine.inspectImage(SCRIPTED_IMAGE), `fixture image ${SCRIPTED_IMAGE} is missing: run scripts/build-fixtures.sh`);
    for (const tag of [PRODUCTION_TAG, SCRIPTED_TAG]) assert.equal(await engine.inspectImage(tag), undefined, `${tag} is left from an earlier run; remove it first`);
    // A workspace with a Dockerfile whose final stage is the profiled image: its FROM gets the lens.
    workspace = mkdtempSync(join(tmpdir(), 'harden-e2e-production-'));
    mkdirSync(join(workspace, SERVICE));
    writeFileSync(join(workspace, SERVICE, 'Dockerfile'), `FROM ${IMAGE}\nCMD ["nginx", "-g", "daemon off;"]\n`);
    session = await VscodeSession.start({ vsix: builtVsix('harden'), workspace });
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (session && test?.state === 'failed') console.log(`    screenshot of the failure: ${await session.workbench.screenshot(`e2e-production-failed-${test.title.replace(/\W+/g, '-').slice(0, 50)}`)}`);
  });

  after(async function () {
    await session?.close();
    rmSync(workspace, { recursive: true, force: true });
    for (const tag of [PRODUCTION_TAG, SCRIPTED_TAG]) if (await engine?.inspectImage(tag)) await engine.removeImage(tag);
  });

  const preview = () => webviewDocument(session.page, EXTENSION_ID);
  const section = () => preview().locator('[data-section="production"]');
  const done = new Set<'profiled' | 'built'>();
  const needs = (step: 'profiled' | 'built') => assert.ok(done.has(step), `this test needs the ${step === 'profiled' ? 'profile' : 'build'} test above to pass first`);
  const failIfErrorShown = async (): Promise<void> => {
    const errors = await session.workbench.errorNotificationMessages();
    assert.deepEqual(errors, [], 'the editor showed an error');
  };

  it(`profiles ${IMAGE}; the Production image tab says what building would do`, async function () {
    await session.workbench.runCommand('Harden: Profile Image…');
    await session.workbench.pickQuickPickItem(IMAGE, 60_000);
    // The profile settings follow the image pick; the image's own settings are what this test wants.
    await session.workbench.pickQuickPickItem(/^Profile$/, 60_000);
    await pollUntil(
      async () => {
        await failIfErrorShown();
        return (await preview().locator('[data-row-path]').count()) > 0 ? true : undefined;
      },
      { timeoutMs: LONG_STEP_MS, intervalMs: 1_000, message: `the Hardening Preview showed no profile of ${IMAGE}` },
    );
    await preview().locator('[data-tab="production"]').click();
    await section().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await section().getAttribute('data-production'), 'not-built');
    assert.match((await preview().locator('.production-would').textContent()) ?? '', /^Builds harden-fixture\/nginx-prod:test \(you can name it\)/);
    done.add('profiled');
  });

  it('Cancel while it builds stops the build and removes every container and volume it started', async function () {
    needs('profiled');
    const owner = extensionHostPid(session.root);
    assert.ok(owner, `no extension host below ${session.root}`);
    const label = `${OWNER_LABEL}=${hostname()}/${owner}`;
    const started = async (): Promise<string[]> => [
      ...(await engine.listContainersByLabel(label)).map((container) => `container ${container.id.slice(0, 12)}`),
      ...(await engine.listVolumesByLabel(label)).map((volume) => `volume ${volume.name}`),
    ];
    assert.deepEqual(await started(), [], 'the extension host has nothing running before');
    await preview().locator('[data-action="buildProduction"]').click();
    const offered = await answerInputBox(session.page, PRODUCTION_TAG);
    assert.equal(offered, 'harden-fixture/nginx-prod:test', 'the input box offers <name>-prod:<tag>');
    const toast = await session.workbench.waitForNotification(/building the production image/, 60_000);
    // Cancel once the run has a container of its own (the check below then has something to miss).
    const running = await pollUntil(async () => {
      const found = await started();
      return found.length > 0 ? found : undefined;
    }, { timeoutMs: LONG_STEP_MS, intervalMs: 100, message: 'the build never started a container of the extension host' });
    console.log(`    cancelling while ${running.join(', ')} exist(s)`);
    await session.workbench.clickNotificationButton(toast, 'Cancel');
    await session.workbench.waitForNotification(/^Build Production Image was cancelled; the containers it started were removed\.$/, 120_000);
    assert.deepEqual(await started(), [], 'every container and volume the cancelled build started is gone');
    assert.notEqual(await section().getAttribute('data-production'), 'verified');
  });

  it('"Build production image" in the preview asks for the tag (the last one offered), builds, and the section shows sizes and "verified"', async function () {
    needs('profiled');
    await preview().locator('[data-action="buildProduction"]').click();
    const offered = await answerInputBox(session.page, PRODUCTION_TAG);
    assert.equal(offered, PRODUCTION_TAG, 'the input box offers the tag last used for this manifest');
    await pollUntil(
      async () => {
        await failIfErrorShown();
        return (await section().getAttribute('data-production')) === 'verified' ? true : undefined;
      },
      { timeoutMs: LONG_STEP_MS, intervalMs: 1_000, message: 'the Production image section never showed a verified image' },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; it shows: ${(await section().textContent())?.slice(0, 400)}`);
    });
    assert.match((await preview().locator('.production-tag').textContent()) ?? '', new RegExp(`^${PRODUCTION_TAG}`));
    assert.match((await preview().locator('[data-figure="size"]').textContent()) ?? '', /^\d+(\.\d+)? MiB → \d+(\.\d+)? MiB \(\d+\.\d× smaller\)$/);
    assert.match((await preview().locator('[data-production-verify="passed"]').textContent()) ?? '', /verified works under compose\.prod\.yaml/);
    assert.ok((await preview().locator('.production-removed li').allTextContents()).includes('bash (shell)'));
    assert.deepEqual(await preview().locator('[data-init="exec"] .argv-word').allTextContents(), ['nginx', '-g', 'daemon off;']);
    const built = await engine.inspectImage(PRODUCTION_TAG);
    assert.ok(built, `${PRODUCTION_TAG} is on the engine`);
    assert.deepEqual(built.Config?.Entrypoint, ['/.harden/init']);
    await session.workbench.waitForNotification(new RegExp(`^Built ${PRODUCTION_TAG}: .* verified under compose\\.prod\\.yaml\\.`));
    // The busy state ends with the build: the button reads as before.
    assert.equal((await preview().locator('[data-action="buildProduction"]').textContent())?.trim(), 'Build production image');
    console.log(`    screenshot: ${await session.workbench.screenshot('e2e-production-section')}`);
    done.add('built');
  });

  it('Apply lists Dockerfile.prod and compose.prod.yaml as new, then writes them (build from the workspace folder)', async function () {
    needs('built');
    await preview().locator('[data-tab="configs"]').click();
    const dockerfilePath = `prod/${SERVICE}/Dockerfile.prod`;
    await pollUntil(async () => ((await preview().locator(`[data-file="${dockerfilePath}"]`).count()) > 0 ? true : undefined), {
      timeoutMs: 20_000,
      message: `the Generated configs tab does not list ${dockerfilePath}`,
    });
    assert.equal(await preview().locator(`[data-file="${dockerfilePath}"]`).getAttribute('data-status'), 'new');
    assert.equal(await preview().locator('[data-file="compose.prod.yaml"]').getAttribute('data-status'), 'new');
    await preview().locator('[data-action="apply"]').click();
    const compose = join(session.workspaceDir, 'compose.prod.yaml');
    const dockerfile = join(session.workspaceDir, dockerfilePath);
    await pollUntil(
      async () => {
        if (await session.workbench.modalDialog.isVisible()) await session.workbench.clickModalDialogButton('Apply');
        await failIfErrorShown();
        return existsSync(compose) && existsSync(dockerfile) && readFileSync(compose, 'utf8').length > 0 && readFileSync(dockerfile, 'utf8').length > 0 ? true : undefined;
      },
      { timeoutMs: 60_000, message: 'Apply wrote no compose.prod.yaml and Dockerfile.prod' },
    );
    const composeText = readFileSync(compose, 'utf8');
    assert.match(composeText, new RegExp(`image: ${PRODUCTION_TAG}\\n    build:\\n      context: \\.\\n      dockerfile: prod/${SERVICE}/Dockerfile\\.prod\\n`));
    assert.match(composeText, /read_only: true/);
    assert.match(readFileSync(dockerfile, 'utf8'), new RegExp(`^COPY \\.harden/${SERVICE}/prod/harden-init /\\.harden/init$`, 'm'));
    assert.ok(existsSync(join(session.workspaceDir, '.harden', SERVICE, 'prod', 'harden-init')), 'the source the Dockerfile names is in the workspace');
    await session.workbench.waitForNotification(/^Applied hardening for harden-fixture\/nginx:test: wrote .*compose\.prod\.yaml/);
  });

  it('the final stage of a Dockerfile that builds the image has the "Build production image" code lens', async function () {
    needs('profiled');
    await session.workbench.openFile(`${SERVICE}/Dockerfile`);
    const lens = session.page.locator('.codelens-decoration a', { hasText: 'Build production image' });
    await lens.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await lens.count(), 1, 'one lens, on the FROM of the final stage (not on CMD too)');
    console.log(`    screenshot: ${await session.workbench.screenshot('e2e-production-codelens')}`);
  });
  it('what the init cannot carry over is listed in a modal: declining builds nothing, "Build without it" builds and shows it', async function () {
    await session.workbench.runCommand('Harden: Profile Image…');
    await session.workbench.pickQuickPickItem(SCRIPTED_IMAGE, 60_000);
    // The profile settings follow the image pick; the image's own settings are what this test wants.
    await session.workbench.pickQuickPickItem(/^Profile$/, 60_000);
    await pollUntil(
      async () => {
        await failIfErrorShown();
        return (await preview().locator('h1').textContent()) === SCRIPTED_IMAGE && (await preview().locator('[data-row-path]').count()) > 0 ? true : undefined;
      },
      { timeoutMs: LONG_STEP_MS, intervalMs: 1_000, message: `the Hardening Preview showed no profile of ${SCRIPTED_IMAGE}` },
    );
    await preview().locator('[data-tab="production"]').click();
    const build = async (): Promise<string> => {
      await preview().locator('[data-action="buildProduction"]').click();
      await answerInputBox(session.page, SCRIPTED_TAG);
      await pollUntil(async () => ((await session.workbench.modalDialog.isVisible()) ? true : undefined), { timeoutMs: LONG_STEP_MS, intervalMs: 500, message: 'no modal listed what is not carried over' });
      return session.workbench.modalDialogMessage();
    };
    const asked = await build();
    assert.match(asked, /The start-up of harden-fixture\/entrypoint-script:test did one thing the production image's init cannot do\. Build it without it\?/);
    assert.match(asked, /the start-up script wrote \/run\/app\/app\.pid: what it wrote is not reproduced/);
    console.log(`    screenshot: ${await session.workbench.screenshot('e2e-production-not-carried-over')}`);
    await session.workbench.clickModalDialogButton('Cancel');
    assert.equal(await engine.inspectImage(SCRIPTED_TAG), undefined, 'declined: nothing built');
    assert.equal(await section().getAttribute('data-production'), 'not-built');

    await build();
    await session.workbench.clickModalDialogButton('Build without it');
    await pollUntil(
      async () => {
        await failIfErrorShown();
        return (await section().getAttribute('data-production')) === 'verified' ? true : undefined;
      },
      { timeoutMs: LONG_STEP_MS, intervalMs: 1_000, message: `the Production image section never showed ${SCRIPTED_TAG} verified` },
    );
    const notCarried = await preview().locator('.production-not-carried li').allTextContents();
    assert.ok(notCarried.some((line) => line.includes('/run/app/app.pid')), notCarried.join(' | '));
    const environment = await preview().locator('[data-init="environment"] li').allTextContents();
    assert.ok(environment.includes('PORT=8080 (default)'), `the init defaults PORT as the script did: ${environment.join(' | ')}`);
  });
});

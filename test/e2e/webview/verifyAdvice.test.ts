import assert from 'node:assert/strict';
import { toVerifyResultView } from '../../../src/core/editor/verifyResultView';
import { readManifestFile } from '../../../src/core/manifest/manifestFile';
import { problemsOfRun } from '../../../src/core/verify/verifyProblems';
import type { PreviewState, VerifyResultView } from '../../../src/protocol/previewProtocol';
import { nginxWithoutChown } from './harness/fixtureStates';
import type { PreviewPage } from './harness/previewBrowser';
import { openShowing } from './harness/sharedBrowser';
import { testResultPath } from './harness/testResults';

describe('Hardening Preview webview: verify results that say what to do', () => {
  let state: PreviewState;
  let failed: VerifyResultView;
  let preview: PreviewPage;

  before(async () => {
    const nginx = await nginxWithoutChown();
    state = nginx.state;
    // The result of this very manifest, as the host stamps it.
    failed = { ...nginx.failed, manifestStamp: state.manifestStamp };
    ({ preview } = await openShowing(async () => state));
  });
  after(() => preview?.close());

  it('shows each problem with its phase, cause and fix, and a button for the fix harden can make', async () => {
    await preview.deliver({ type: 'verifyResult', result: failed });
    const shown = preview.page.locator('[data-verify-result="failed"]');
    await shown.waitFor();
    const problems = await shown.locator('[data-problem]').all();
    assert.equal(problems.length, 3);
    const phases = await Promise.all(problems.map((problem) => problem.getAttribute('data-phase')));
    assert.deepEqual(phases, ['probe', 'start', 'start']);
    const chown = shown.locator('[data-problem="1"]');
    assert.match((await chown.textContent()) ?? '', /nginx \(uid 0\) was not allowed to change the owner of \/var\/lib\/nginx\/body/);
    assert.match((await chown.locator('.problem-cause').textContent()) ?? '', /this call needs CHOWN/);
    assert.equal((await shown.locator('[data-fix-problem]').textContent())?.trim(), 'Add CHOWN');
    assert.match((await shown.locator('[data-problem="0"] .problem-fix').textContent()) ?? '', /consequence of “nginx \(uid 0\) was not allowed/);
    await preview.page.screenshot({ path: testResultPath('webview-verify-advice.png'), fullPage: true });
  });

  it('the fix button posts fixProblem with the problem and the manifest it is about', async () => {
    await preview.page.locator('[data-fix-problem="1"]').click();
    await preview.waitForPosted('fixProblem');
    const posted = (await preview.postedMessages()).filter((message) => message.type === 'fixProblem');
    assert.deepEqual(posted, [{ type: 'fixProblem', index: 1, manifestStamp: state.manifestStamp }]);
  });

  it('ignores a verify result of another manifest, and drops the shown one when a new manifest arrives', async () => {
    await preview.deliver({ type: 'verifyResult', result: { ...failed, passed: true, headline: 'Verified', problems: [], verifiedAt: '2030-01-01T00:00:00Z', manifestStamp: 'an-older-profile' } });
    await preview.page.waitForTimeout(100);
    assert.equal(await preview.page.locator('[data-verify-result]').getAttribute('data-verify-result'), 'failed', 'a result of another manifest replaced this one');

    await preview.deliver({ type: 'state', state: { ...state, manifestStamp: 'a-new-profile' } });
    await preview.page.locator('[data-verify-result]').waitFor({ state: 'detached' });
    // The same state again (the host refreshes) keeps it empty; its own result shows.
    await preview.deliver({ type: 'verifyResult', result: { ...failed, manifestStamp: 'a-new-profile' } });
    await preview.page.locator('[data-verify-result="failed"]').waitFor();
  });

  it('a failure only at shutdown says the app worked', async () => {
    const manifest = await readManifestFile('test/unit/fixtures/verify/nginx-no-chown/manifest.yaml');
    const found = problemsOfRun('run', undefined, ["[FATAL tini (1)] Unexpected error when forwarding signal: 'Operation not permitted'"], { refusals: [], logRefusals: [] });
    const view = toVerifyResultView({ passed: false, verifiedAt: '2031-01-01T00:00:00Z', image: 'x', mode: 'exact', phases: [], problems: found.problems, preexisting: [], clues: [], notes: [], manifestStamp: 'a-new-profile' }, manifest);
    await preview.deliver({ type: 'verifyResult', result: view });
    const shown = preview.page.locator('[data-verify-outcome="stop-only"]');
    await shown.waitFor();
    const text = (await shown.textContent()) ?? '';
    assert.match(text, /started and answered its probes, then failed when it was stopped/);
    assert.doesNotMatch(text, /does not work/);
    assert.equal((await shown.locator('[data-fix-problem]').textContent())?.trim(), 'Give the init KILL');
    assert.equal(await shown.locator('[data-problem="0"]').getAttribute('data-phase'), 'stop');
  });

  it('shows the verify rounds the profile needed and what each learned', async () => {
    const rounds = [
      { round: 1, passed: false, problems: ['nginx (uid 0) was refused chown /var/lib/nginx/body: EPERM'], learned: ['adds CHOWN: nginx (uid 0) was refused chown /var/lib/nginx/body: EPERM'] },
      { round: 2, passed: true, problems: [], learned: [] },
    ];
    await preview.deliver({ type: 'state', state: { ...state, manifestStamp: 'a-new-profile', verifyRounds: rounds } });
    const shown = preview.page.locator('[data-verify-rounds="2"]');
    await shown.waitFor({ state: 'attached' });
    await shown.locator('summary').click();
    assert.match((await shown.locator('[data-round="1"]').textContent()) ?? '', /failed.*adds CHOWN/);
    assert.match((await shown.locator('[data-round="2"]').textContent()) ?? '', /passed/);
  });
});

import assert from 'node:assert/strict';
import type { PreviewState } from '../../../src/protocol/previewProtocol';
import { hostileNamesFailedVerify, notesState } from './harness/fixtureStates';
import type { PreviewPage } from './harness/previewBrowser';
import { openShowing } from './harness/sharedBrowser';

describe('Hardening Preview webview: Apply, Verify, Re-profile', () => {
  let state: PreviewState;
  let preview: PreviewPage;

  const actionMessages = async (): Promise<string[]> => (await preview.postedMessages()).filter((message) => message.type !== 'ready').map((message) => message.type);

  before(async () => {
    state = await notesState();
    // No verify result yet, as right after a profile.
    const { lastVerify: _, ...fresh } = state;
    ({ preview } = await openShowing(async () => fresh));
  });
  after(() => preview?.close());

  it('posts apply, verify and reprofile from their buttons', async () => {
    assert.equal(await preview.page.locator('[data-verify-result]').count(), 0);
    for (const action of ['apply', 'verify', 'reprofile'] as const) {
      await preview.page.locator(`[data-action="${action}"]`).click();
      await preview.waitForPosted(action);
    }
    assert.deepEqual(await actionMessages(), ['apply', 'verify', 'reprofile']);
  });

  it('posts editProfileSettings from "Profile settings…", which a busy action disables too (the sibling)', async () => {
    const settings = preview.page.locator('[data-action="profile-settings"]');
    assert.equal((await settings.textContent())?.trim(), 'Profile settings…');
    await settings.click();
    await preview.waitForPosted('editProfileSettings');
    await preview.deliver({ type: 'busy', action: 'reprofile', busy: true });
    await preview.page.locator('[data-action="profile-settings"][disabled]').waitFor({ timeout: 5000 });
    await settings.click({ force: true });
    await preview.page.waitForTimeout(100);
    assert.deepEqual((await actionMessages()).slice(-1), ['editProfileSettings'], 'a disabled button posts nothing');
    assert.equal((await actionMessages()).filter((type) => type === 'editProfileSettings').length, 1);
    await preview.deliver({ type: 'busy', action: 'reprofile', busy: false });
    await preview.page.locator('[data-action="profile-settings"]:not([disabled])').waitFor({ timeout: 5000 });
  });

  it('shows a busy action and disables every action until the host says it is done', async () => {
    await preview.deliver({ type: 'busy', action: 'verify', busy: true });
    const verify = preview.page.locator('[data-action="verify"]');
    await preview.page.locator('[data-action="verify"][aria-busy="true"]').waitFor();
    assert.match((await verify.textContent()) ?? '', /Verifying…/);
    for (const action of ['apply', 'verify', 'reprofile']) {
      assert.notEqual(await preview.page.locator(`[data-action="${action}"]`).getAttribute('disabled'), null, action);
    }
    await preview.page.locator('[data-action="apply"]').click({ force: true });
    await preview.page.waitForTimeout(100);
    assert.deepEqual(await actionMessages(), ['apply', 'verify', 'reprofile', 'editProfileSettings'], 'a disabled button posts nothing');

    await preview.deliver({ type: 'busy', action: 'verify', busy: false });
    await preview.page.locator('[data-action="verify"][aria-busy="false"]').waitFor();
    assert.equal(await verify.textContent(), 'Verify');
    // The toolkit's buttons reflect `disabled` on their own render, which may come a frame after verify's.
    await preview.page.locator('[data-action="apply"]:not([disabled])').waitFor({ timeout: 5000 });
    assert.equal(await preview.page.locator('[data-action="apply"]').getAttribute('disabled'), null);
  });

  it('shows a verify result in place, replacing an older one', async () => {
    await preview.deliver({ type: 'verifyResult', result: await hostileNamesFailedVerify() });
    const failed = preview.page.locator('[data-verify-result="failed"]');
    await failed.waitFor();
    assert.equal(await failed.locator('.verify-problems li').count(), 3);
    assert.match((await failed.textContent()) ?? '', /Verify failed/);

    const passed = { ...state.lastVerify!, verifiedAt: '2026-12-01T09:30:00.000Z' };
    await preview.deliver({ type: 'verifyResult', result: passed });
    await preview.page.locator('[data-verify-result="passed"]').waitFor();
    assert.equal(await preview.page.locator('[data-verify-result]').count(), 1);
    // The verify result sits in the header, above the tabs, whatever tab is open.
    assert.equal(await preview.page.locator('.preview-header [data-verify-result="passed"]').count(), 1);
  });

  it('keeps the newest verify result when a state with an older one follows', async () => {
    await preview.deliver({ type: 'state', state });
    await preview.page.waitForTimeout(100);
    const shown = preview.page.locator('[data-verify-result]');
    assert.equal(await shown.getAttribute('data-verify-result'), 'passed');
    assert.match((await shown.textContent()) ?? '', /Dec 1, 2026/, 'the fixture’s older result (Nov 29) is not shown');
  });

  it('shows a host error as an alert that can be dismissed', async () => {
    await preview.deliver({ type: 'error', message: 'Docker Engine not reachable at unix:///var/run/docker.sock' });
    const alert = preview.page.locator('.error-banner[role="alert"]');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /Docker Engine not reachable/);
    await alert.locator('button[aria-label="Dismiss"]').click();
    assert.equal(await preview.page.locator('.error-banner').count(), 0);
  });
});

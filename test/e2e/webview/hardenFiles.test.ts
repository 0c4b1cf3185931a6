import assert from 'node:assert/strict';
import type { PreviewState } from '../../../src/protocol/previewProtocol';
import { nginxWithoutChown } from './harness/fixtureStates';
import type { PreviewPage } from './harness/previewBrowser';
import { openShowing } from './harness/sharedBrowser';

describe('Hardening Preview webview: the files of .harden/<service>/, hand edits marked', () => {
  let state: PreviewState;
  let preview: PreviewPage;

  before(async () => {
    const nginx = await nginxWithoutChown();
    state = {
      ...nginx.state,
      hardenFiles: [
        { path: 'compose.hardened.yaml', status: 'edited' },
        { path: 'k8s/deployment-patch.yaml', status: 'generated' },
        { path: 'report.md', status: 'missing' },
      ],
    };
    ({ preview } = await openShowing(async () => state));
    await preview.page.locator('[data-tab="configs"]').click();
  });
  after(() => preview?.close());

  it('lists the same files the Manifest Explorer does, each with its status', async () => {
    const items = preview.page.locator('[data-harden-file]');
    assert.deepEqual(await items.evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-harden-file'), node.getAttribute('data-status')])), [
      ['compose.hardened.yaml', 'edited'],
      ['k8s/deployment-patch.yaml', 'generated'],
      ['report.md', 'missing'],
    ]);
    assert.match((await preview.page.locator('.harden-files-heading').textContent()) ?? '', /Generated files\s*3\s*in \.harden\/nginx/);
    assert.match((await items.nth(0).textContent()) ?? '', /edited/);
    assert.doesNotMatch((await items.nth(1).textContent()) ?? '', /edited|missing/);
  });

  it('offers Show changes for an edited file only, and posts showEdits for it', async () => {
    assert.equal(await preview.page.locator('[data-show-edits]').count(), 1);
    await preview.page.locator('[data-show-edits="compose.hardened.yaml"]').click();
    await preview.waitForPosted('showEdits');
    assert.deepEqual((await preview.postedMessages()).filter((message) => message.type === 'showEdits'), [{ type: 'showEdits', path: 'compose.hardened.yaml' }]);
  });

  it('drops the edited mark when the host says the file is as harden wrote it again', async () => {
    await preview.deliver({ type: 'state', state: { ...state, hardenFiles: state.hardenFiles.map((file) => ({ ...file, status: 'generated' as const })) } });
    await preview.page.locator('[data-harden-file="compose.hardened.yaml"][data-status="generated"]').waitFor();
    assert.equal(await preview.page.locator('[data-show-edits]').count(), 0);
  });
});

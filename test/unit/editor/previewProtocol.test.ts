import { strict as assert } from 'node:assert';
import { isWebviewToHostMessage } from '../../../src/protocol/previewProtocol';

describe('the preview message guard', () => {
  it('accepts every message the webview may post', () => {
    for (const message of [{ type: 'ready' }, { type: 'apply' }, { type: 'verify' }, { type: 'reprofile' }, { type: 'buildProduction' }, { type: 'editProfileSettings' }, { type: 'openDiff', path: 'compose.hardened.yaml' }]) {
      assert.ok(isWebviewToHostMessage(message), JSON.stringify(message));
    }
  });

  it('rejects anything else: unknown types, missing fields, non-objects', () => {
    for (const value of [null, undefined, 'ready', 42, [], {}, { type: 'state' }, { type: 'openDiff' }, { type: 'openDiff', path: 7 }, { type: 'READY' }, { kind: 'ready' }]) {
      assert.ok(!isWebviewToHostMessage(value), JSON.stringify(value));
    }
  });
});

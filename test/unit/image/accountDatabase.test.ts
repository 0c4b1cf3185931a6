import { strict as assert } from 'node:assert';
import { parseAccounts, resolveUser } from '../../../src/core/image/accountDatabase';
import { loadRecording } from '../recordedFixture';

describe('users of an image', () => {
  const { index } = loadRecording('nginx');
  const accounts = parseAccounts(index.content('/etc/passwd'), index.content('/etc/group'));

  it('resolves names, numbers and groups the way the engine does', () => {
    assert.deepEqual(resolveUser('', accounts), { uid: 0, gid: 0 });
    assert.deepEqual(resolveUser('www-data', accounts), { uid: 33, gid: 33 });
    assert.deepEqual(resolveUser('www-data:adm', accounts), { uid: 33, gid: 4 });
    assert.deepEqual(resolveUser('4242', accounts), { uid: 4242, gid: 0 });
    assert.deepEqual(resolveUser('4242:4242', accounts), { uid: 4242, gid: 4242 });
  });

  it('does not invent users or groups the image lacks', () => {
    assert.equal(resolveUser('postgres', accounts), undefined);
    assert.equal(resolveUser('www-data:nogroup-here', accounts), undefined);
  });
});

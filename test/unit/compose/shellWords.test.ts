import { strict as assert } from 'node:assert';
import { splitShellWords } from '../../../src/core/compose/shellWords';

describe('compose command words', () => {
  it('splits command strings into words like Compose, without a shell', () => {
    assert.deepEqual(splitShellWords(`nginx -g "daemon off;" -c '/a b' x\\ y ""`), ['nginx', '-g', 'daemon off;', '-c', '/a b', 'x y', '']);
    assert.deepEqual(splitShellWords('echo "a \\"q\\" \\n" $HOME'), ['echo', 'a "q" \\n', '$HOME']);
    assert.equal(splitShellWords('echo "open'), undefined);
  });
});

import { strict as assert } from 'node:assert';
import { hasUnprintable, printable, printableStack } from '../../../src/core/text/printable';
import { rawUnprintables } from '../untrustedText';

const ESCAPED: Array<[string, string]> = [
  ['\r', '\\r'],
  ['\n', '\\n'],
  ['\t', '\\t'],
  ['\0', '\\x00'],
  ['\x1b', '\\x1b'],
  ['\x7f', '\\x7f'],
  ['\u0085', '\\x85'],
  ['\u009b', '\\x9b'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
  ['\u202a', '\\u202a'],
  ['\u202e', '\\u202e'],
  ['\u2066', '\\u2066'],
  ['\u2069', '\\u2069'],
  ['\ufeff', '\\ufeff'],
  ['\ud800', '\\ud800'],
];

describe('printable text', () => {
  for (const [char, escape] of ESCAPED) {
    it(`shows U+${char.charCodeAt(0).toString(16).padStart(4, '0')} as ${escape}`, () => {
      assert.equal(printable(`a${char}b`), `a${escape}b`);
      assert.ok(hasUnprintable(`a${char}b`));
      // The test's own check sees the raw character, so "no raw character left" below can fail.
      if (char !== '\n' && char !== '\ud800') assert.equal(rawUnprintables(`a${char}b`).length, 1);
    });
  }

  it('leaves letters, symbols, emoji sequences, markup and backslashes as they are', () => {
    for (const text of ['/srv/café/日本語', '👩‍💻 x', 'a\u00a0b', '<img src=x onerror=alert(1)>', 'C:\\path', 'key: value # c', '\ud83d\ude00']) {
      assert.equal(printable(text), text);
      assert.ok(!hasUnprintable(text), text);
    }
  });

  it('keeps a whole name on one line with nothing raw left', () => {
    const name = '/srv/a\rb\nc\u0085d: x\u2028e\u2029f\u009b\u202eg';
    const shown = printable(name);
    assert.equal(shown, '/srv/a\\rb\\nc\\x85d: x\\u2028e\\u2029f\\x9b\\u202eg');
    assert.deepEqual(rawUnprintables(shown), []);
    assert.ok(rawUnprintables(name).length > 0);
  });

  it('escapes the message of a stack and keeps the frames on their lines', () => {
    const error = new Error('cannot read /srv/a\nharden: done\u0085');
    const lines = printableStack(error).split('\n');
    assert.equal(lines[0], 'Error: cannot read /srv/a\\nharden: done\\x85');
    assert.match(lines[1], /^ {4}at /);
    assert.deepEqual(rawUnprintables(printableStack(error)), []);
    const silent = new Error('');
    assert.equal(printableStack(silent).split('\n')[0], 'Error');
  });
});

import { strict as assert } from 'node:assert';
import { parseExecForm } from '../../../src/core/dockerfile/execForm';

const values = (text: string, escape = '\\') => parseExecForm(text, 0, text.length, escape)?.args.map((arg) => arg.value);

describe('exec form, read as Docker reads it', () => {
  it('takes every JSON array of strings, the empty one included', () => {
    assert.deepEqual(values('[]'), []);
    assert.deepEqual(values('  [ ]  '), []);
    assert.deepEqual(values('["node", "server.js"]'), ['node', 'server.js']);
    assert.deepEqual(values('["a\\"b", "\\u0041\\/\\t", "\\ud83d\\ude00"]'), ['a"b', 'A/\t', '😀']);
  });

  it('ignores what follows the array, as BuildKit does', () => {
    assert.deepEqual(values('["/app"] # comment'), ['/app']);
  });

  it('joins line continuations and drops comment lines inside them', () => {
    assert.deepEqual(values('[ \\\n  "a", \\\n# note\n  "b" ]'), ['a', 'b']);
    assert.deepEqual(values('[ `\r\n  "C:\\\\app.exe" ]', '`'), ['C:\\app.exe']);
  });

  it('leaves shell form to the shell: not an array, not JSON, single quotes', () => {
    assert.equal(values('node server.js'), undefined);
    assert.equal(values("['node']"), undefined);
    assert.equal(values('["a",]'), undefined);
    assert.equal(values('["a" "b"]'), undefined);
    assert.equal(values('[a]'), undefined);
  });

  it('marks arrays of other JSON values, which Docker refuses', () => {
    const text = '["a", 1, true, ["b"]]';
    const parsed = parseExecForm(text, 0, text.length, '\\');
    assert.equal(parsed?.invalid, true);
    assert.deepEqual(parsed?.args.map((arg) => arg.value), ['a']);
  });

  it('gives the offsets of each string, quotes included', () => {
    const text = 'CMD [ "a", "bc" ]';
    const parsed = parseExecForm(text, 4, text.length, '\\');
    assert.deepEqual(parsed?.args.map((arg) => text.slice(arg.start, arg.end)), ['"a"', '"bc"']);
    assert.equal(text.slice(parsed?.start, parsed?.end), '[ "a", "bc" ]');
  });
});

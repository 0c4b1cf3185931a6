import { strict as assert } from 'node:assert';
import { compareWithWorkspace, lineDiff } from '../../../src/core/editor/fileComparison';

describe('generated file against the workspace', () => {
  it('is new when the workspace has nothing there, same when identical', () => {
    assert.deepEqual(compareWithWorkspace('a.yaml', 'x\n', undefined), { path: 'a.yaml', content: 'x\n', status: 'new' });
    assert.deepEqual(compareWithWorkspace('a.yaml', 'x\n', 'x\n'), { path: 'a.yaml', content: 'x\n', status: 'same' });
  });

  it('is changed with a line diff from the workspace text to the generated one', () => {
    const view = compareWithWorkspace('a.yaml', 'one\ntwo\nthree\n', 'one\n2\nthree\n');
    assert.equal(view.status, 'changed');
    assert.deepEqual(view.diff, [
      { kind: 'same', text: 'one' },
      { kind: 'removed', text: '2' },
      { kind: 'added', text: 'two' },
      { kind: 'same', text: 'three' },
    ]);
  });

  it('shows a line ending change alone as no line difference', () => {
    assert.deepEqual(lineDiff('a\r\nb\r\n', 'a\nb\n'), [
      { kind: 'same', text: 'a' },
      { kind: 'same', text: 'b' },
    ]);
    assert.equal(compareWithWorkspace('a', 'a\nb\n', 'a\r\nb\r\n').status, 'changed');
  });

  it('keeps empty lines and a last line without a newline', () => {
    assert.deepEqual(lineDiff('a\n\nb', 'a\n\nb\nc'), [
      { kind: 'same', text: 'a' },
      { kind: 'same', text: '' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'b' },
      { kind: 'added', text: 'c' },
    ]);
  });
});

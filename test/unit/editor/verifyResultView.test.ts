import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { isVerifyResultView, parseVerifyResult, toVerifyResultView } from '../../../src/core/editor/verifyResultView';

describe('verify-result.json for the editor', () => {
  it('reads the file `harden verify` writes', () => {
    const result = {
      passed: false,
      verifiedAt: '2026-11-29T00:32:27.122Z',
      image: 'harden-example/notes:latest',
      phases: [{ name: 'run' }],
      problems: [{ kind: 'refused-write', message: 'python3 (uid 0) was refused openat /var/lib/notes/x: EROFS' }],
      notes: ['a note'],
    };
    const view = parseVerifyResult(JSON.stringify(result, null, 2));
    assert.deepEqual(view, toVerifyResultView(result));
    assert.deepEqual(view, { passed: false, verifiedAt: result.verifiedAt, problems: result.problems, notes: ['a note'] });
  });

  it('reports a broken or foreign file instead of trusting it', () => {
    for (const text of ['{', '[]', 'null', '{"passed":"yes","verifiedAt":"x"}', '{"passed":true}']) {
      const view = parseVerifyResult(text);
      assert.ok(!isVerifyResultView(view), text);
    }
  });

  it('turns odd entries into text', () => {
    const view = parseVerifyResult('{"passed":false,"verifiedAt":"t","problems":[{"kind":3},"x",null],"notes":[1]}');
    assert.ok(isVerifyResultView(view));
    assert.deepEqual(view.problems, [{ kind: '3', message: '' }]);
    assert.deepEqual(view.notes, ['1']);
  });

  it('reads real verify results written by `harden verify`: a pass (the demo) and a failure (data lost)', () => {
    const passed = parseVerifyResult(readFileSync('test/unit/fixtures/verify/notes-verify-result.json', 'utf8'));
    assert.ok(isVerifyResultView(passed));
    assert.equal(passed.passed, true);
    const failed = parseVerifyResult(readFileSync('test/unit/fixtures/verify/volume-data-tmpfs-verify-result.json', 'utf8'));
    assert.ok(isVerifyResultView(failed));
    assert.equal(failed.passed, false);
    assert.match(failed.problems.map((problem) => problem.message).join('\n'), /did not survive a restart/);
  });
});

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyTextEdits, fixDockerfile } from '../../../src/core/dockerfile/applyFixes';
import { fixAllEdits } from '../../../src/core/editor/fixAllEdits';

const corpus = join(__dirname, '..', '..', 'corpus', 'dockerfiles');

describe('fix all (source.fixAll.harden)', () => {
  it('gives the same text as `harden lint --fix` on every corpus Dockerfile', () => {
    let fixedFiles = 0;
    for (const name of readdirSync(corpus)) {
      const source = readFileSync(join(corpus, name), 'utf8').replace(/^\uFEFF/, '');
      const edits = fixAllEdits(source);
      assert.equal(applyTextEdits(source, edits), fixDockerfile(source).text, name);
      if (edits.length > 0) fixedFiles += 1;
    }
    assert.ok(fixedFiles > 5, `only ${fixedFiles} corpus files had safe fixes`);
  });

  it('edits tokens, not whole lines or the whole file', () => {
    const source = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nCMD python3 app.py\n';
    const edits = fixAllEdits(source);
    assert.ok(edits.length > 0);
    for (const edit of edits) {
      const length = edit.range.end.line === edit.range.start.line ? edit.range.end.character - edit.range.start.character : Infinity;
      assert.ok(length < 40, `edit too wide: ${JSON.stringify(edit)}`);
    }
  });

  it('has nothing to do on a clean file', () => {
    assert.deepEqual(fixAllEdits('FROM scratch\nCOPY app /app\nUSER 10001\nENTRYPOINT ["/app"]\n'), []);
  });
});

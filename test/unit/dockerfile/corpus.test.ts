import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { fixDockerfile, overlaps } from '../../../src/core/dockerfile/applyFixes';
import { DockerfileText } from '../../../src/core/dockerfile/dockerfileText';
import type { Finding } from '../../../src/core/dockerfile/finding';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';

const corpusDirectory = join(__dirname, '..', '..', 'corpus', 'dockerfiles');
const corpus = readdirSync(corpusDirectory)
  .sort()
  .map((name) => ({ name, text: readFileSync(join(corpusDirectory, name), 'utf8') }));

/** Pairs of fixes from different findings whose edits touch the same text. */
export function overlappingFixes(text: string, findings: readonly Finding[]): string[] {
  const document = new DockerfileText(text);
  const fixes = findings.flatMap((finding) =>
    finding.fixes.map((fix) => ({
      label: `${finding.ruleId} "${fix.title}"`,
      finding,
      edits: fix.edits.map((edit) => ({ start: document.offsetAt(edit.range.start), end: document.offsetAt(edit.range.end), newText: edit.newText })),
    })),
  );
  const clashes: string[] = [];
  fixes.forEach((fix, index) => {
    for (const other of fixes.slice(index + 1)) {
      if (other.finding === fix.finding) continue;
      if (fix.edits.some((edit) => other.edits.some((otherEdit) => overlaps(edit, otherEdit)))) clashes.push(`${fix.label} ~ ${other.label}`);
    }
  });
  return clashes;
}

describe('the Dockerfile corpus', () => {
  it('has at least 30 Dockerfiles in the styles of real projects', () => {
    assert.ok(corpus.length >= 30, `only ${corpus.length} files`);
    const all = corpus.map((file) => file.text);
    assert.ok(all.some((text) => text.includes('\r\n')), 'a CRLF file');
    assert.ok(all.some((text) => text.startsWith('\uFEFF')), 'a BOM file');
    assert.ok(all.some((text) => text.startsWith('# escape=`')), 'an escape directive');
    assert.ok(all.some((text) => /RUN <<-?\w+/.test(text)), 'a heredoc');
    assert.ok(all.some((text) => /FROM \$\{\w+\}/.test(text)), 'an ARG-parameterised FROM');
  });

  for (const file of corpus) {
    describe(file.name, () => {
      const findings = lintDockerfile(file.text);

      it('lints, and no two fixes overlap', () => {
        assert.deepEqual(overlappingFixes(file.text, findings), []);
      });

      it('--fix leaves a parsable file, and a second --fix changes nothing', () => {
        const once = fixDockerfile(file.text).text;
        DockerfileParser.parse(once);
        assert.equal(once.startsWith('\uFEFF'), file.text.startsWith('\uFEFF'), 'BOM kept');
        assert.equal(once.includes('\r\n'), file.text.includes('\r\n'), 'line endings kept');
        assert.equal(fixDockerfile(once).text, once);
        assert.deepEqual(lintDockerfile(once).filter((finding) => finding.fixes.some((fix) => fix.safe)).map((finding) => finding.ruleId), []);
      });
    });
  }

  it('the overlap check would notice two fixes on the same text', () => {
    const text = 'FROM alpine\nRUN apk add curl\n';
    const [finding] = lintDockerfile(text).filter((candidate) => candidate.ruleId === 'HX009');
    assert.ok(finding);
    const twin: Finding = { ...finding, ruleId: 'HX999' };
    assert.equal(overlappingFixes(text, [finding, twin]).length, 1);
  });
});

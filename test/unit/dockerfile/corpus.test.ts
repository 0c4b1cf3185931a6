import { strict as assert } from 'node:assert';
import { DockerfileParser } from 'dockerfile-ast';
import { fixDockerfile, overlaps } from '../../../src/core/dockerfile/applyFixes';
import { directoryContext } from '../../../src/core/dockerfile/buildContext';
import { DockerfileText } from '../../../src/core/dockerfile/dockerfileText';
import type { Finding } from '../../../src/core/dockerfile/finding';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';
import { allRules } from '../../../src/core/dockerfile/rules/index';
import { judge, lintCorpusFile, loadCorpus, precision, recall, scoreCorpus } from '../../corpus/expectedFindings';

const corpus = loadCorpus();

/**
 * Rules whose safe fix cannot break a later instruction, and why; every other rule with a safe fix
 * needs a corpus file where the fix would break the build and is withheld or marked review.
 */
const fixesThatCannotBreak: Record<string, string> = {
  HX008: '-y / -n only answers a prompt that would otherwise stop the build',
  HX010: 'pip works the same without its cache (it downloads again); a later instruction that reads the cache makes the fix review',
  HX019: 'EXPOSE is metadata: removing a port changes no file of the image',
  HX024: 'the earlier CMD/ENTRYPOINT/HEALTHCHECK is replaced in the same stage: the configuration stays the same',
  HX025: 'useradd -l only skips the lastlog and faillog entries',
};

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
  it('has at least 100 Dockerfiles in the styles of real projects, each with its expected findings', () => {
    assert.ok(corpus.length >= 100, `only ${corpus.length} files`);
    assert.deepEqual(corpus.filter((file) => !file.expected).map((file) => file.name), []);
    const all = corpus.map((file) => file.text);
    assert.ok(all.some((text) => text.includes('\r\n')), 'a CRLF file');
    assert.ok(all.some((text) => text.startsWith('\uFEFF')), 'a BOM file');
    assert.ok(all.some((text) => text.startsWith('# escape=`')), 'an escape directive');
    assert.ok(all.some((text) => /RUN <<-?\w+/.test(text)), 'a heredoc');
    assert.ok(all.some((text) => /FROM \$\{\w+\}/.test(text)), 'an ARG-parameterised FROM');
  });

  for (const file of corpus) {
    describe(file.name, () => {
      const findings = lintCorpusFile(file);
      const options = { buildContext: file.contextDirectory ? directoryContext(file.contextDirectory) : undefined };

      it('reports exactly the expected findings, with the expected kind of fix', () => {
        assert.ok(file.expected, `test/corpus/expected/${file.name}.yaml is missing`);
        assert.deepEqual(judge(findings, file.expected).problems, []);
      });

      it('lints, and no two fixes overlap', () => {
        assert.deepEqual(overlappingFixes(file.text, findings), []);
      });

      it('--fix leaves a parsable file, and a second --fix changes nothing', () => {
        const once = fixDockerfile(file.text, options).text;
        DockerfileParser.parse(once);
        assert.equal(once.startsWith('\uFEFF'), file.text.startsWith('\uFEFF'), 'BOM kept');
        assert.equal(once.includes('\r\n'), file.text.includes('\r\n'), 'line endings kept');
        assert.equal(fixDockerfile(once, options).text, once);
        assert.deepEqual(lintDockerfile(once, options).filter((finding) => finding.fixes.some((fix) => fix.safe)).map((finding) => finding.ruleId), []);
      });
    });
  }

  it('holds, for every rule with a safe fix, a file where that fix would break the build and is withheld or review', () => {
    const guarded = new Set(corpus.flatMap((file) => (file.expected?.findings ?? []).filter((entry) => entry.trap && entry.fix !== 'safe').map((entry) => entry.rule)));
    const offersSafeFixes = new Set(corpus.flatMap((file) => lintCorpusFile(file).filter((finding) => finding.fixes.some((fix) => fix.safe)).map((finding) => finding.ruleId)));
    const unguarded = allRules.filter((rule) => offersSafeFixes.has(rule.id) && !guarded.has(rule.id) && !(rule.id in fixesThatCannotBreak));
    assert.deepEqual(unguarded.map((rule) => rule.id), []);
  });

  it('is precise: at least 97% overall and 90% for every rule (expected vs reported)', () => {
    const scores = scoreCorpus(corpus);
    const total = scores.reduce((sum, score) => ({ truePositives: sum.truePositives + score.truePositives, falsePositives: sum.falsePositives + score.falsePositives }), { truePositives: 0, falsePositives: 0 });
    assert.ok(precision(total) >= 0.97, `overall precision ${precision(total).toFixed(3)}`);
    const weak = scores.filter((score) => precision(score) < 0.9).map((score) => `${score.rule} ${precision(score).toFixed(2)} (recall ${recall(score).toFixed(2)})`);
    assert.deepEqual(weak, []);
  });

  it('the overlap check would notice two fixes on the same text', () => {
    const text = 'FROM alpine\nRUN apk add curl\n';
    const [finding] = lintDockerfile(text).filter((candidate) => candidate.ruleId === 'HX009');
    assert.ok(finding);
    const twin: Finding = { ...finding, ruleId: 'HX999' };
    assert.equal(overlappingFixes(text, [finding, twin]).length, 1);
  });
});

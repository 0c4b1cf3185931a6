import { strict as assert } from 'node:assert';
import { applyTextEdits } from '../../../src/core/dockerfile/applyFixes';
import { DockerfileText } from '../../../src/core/dockerfile/dockerfileText';
import { ignoreFix } from '../../../src/core/dockerfile/ignoreDirectives';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';
import { allRules } from '../../../src/core/dockerfile/rules/index';

const ids = (text: string): string[] => lintDockerfile(text).map((finding) => finding.ruleId);

describe('ignore comments', () => {
  const base = 'FROM alpine\nRUN apk add curl\nUSER 1\n';

  it('a finding shows without an ignore comment', () => {
    assert.ok(ids(base).includes('HX009'));
  });

  it('`# harden-ignore=ID` on the line above silences that rule for that instruction', () => {
    assert.ok(!ids('FROM alpine\n# harden-ignore=HX009\nRUN apk add curl\nUSER 1\n').includes('HX009'));
  });

  it('reads ignore comments through a block of comments, and lists of ids', () => {
    assert.ok(!ids('FROM alpine\n# harden-ignore=HX001, hx009\n# why: the cache is wiped later\nRUN apk add curl\nUSER 1\n').includes('HX009'));
  });

  it('does not reach past a blank line or another instruction', () => {
    assert.ok(ids('FROM alpine\n# harden-ignore=HX009\n\nRUN apk add curl\nUSER 1\n').includes('HX009'));
    assert.ok(ids('FROM alpine\n# harden-ignore=HX009\nRUN true\nRUN apk add curl\nUSER 1\n').includes('HX009'));
  });

  it('`# harden-ignore-file=ID` silences the rule in the whole file', () => {
    assert.ok(!ids('# harden-ignore-file=HX009\nFROM alpine\nRUN apk add curl\nRUN apk add git\nUSER 1\n').includes('HX009'));
  });

  it('can ignore every rule', () => {
    const noisy = 'FROM debian\nRUN sudo apt install curl\nADD a /a\nCMD run $X\n';
    for (const finding of lintDockerfile(noisy)) {
      const ignored = applyTextEdits(noisy, ignoreFix(new DockerfileText(noisy), finding).edits);
      const still = lintDockerfile(ignored).filter((other) => other.ruleId === finding.ruleId && other.message === finding.message);
      assert.deepEqual(still, [], `${finding.ruleId} could not be ignored`);
    }
    assert.ok(allRules.length >= 20);
  });
});

describe('the ignore fix', () => {
  it('inserts a comment above the instruction with its indentation and the file line ending', () => {
    const text = 'FROM alpine\r\n  RUN apk add curl\r\n';
    const [finding] = lintDockerfile(text).filter((candidate) => candidate.ruleId === 'HX009');
    assert.ok(finding);
    const fix = ignoreFix(new DockerfileText(text), finding);
    assert.equal(fix.safe, false);
    assert.equal(applyTextEdits(text, fix.edits), 'FROM alpine\r\n  # harden-ignore=HX009\r\n  RUN apk add curl\r\n');
  });

  it('extends an ignore comment that is already there', () => {
    const text = 'FROM alpine\n# harden-ignore=HX006\nRUN apk add curl\n';
    const [finding] = lintDockerfile(text).filter((candidate) => candidate.ruleId === 'HX009');
    assert.ok(finding);
    assert.equal(applyTextEdits(text, ignoreFix(new DockerfileText(text), finding).edits), 'FROM alpine\n# harden-ignore=HX006,HX009\nRUN apk add curl\n');
  });

  it('goes above the first line of a multi-line instruction, keeping a BOM', () => {
    const text = '\uFEFFFROM alpine\nRUN apk update && \\\n    apk add curl\n';
    const [finding] = lintDockerfile(text).filter((candidate) => candidate.ruleId === 'HX009');
    assert.ok(finding && finding.range.start.line === 2);
    assert.equal(applyTextEdits(text, ignoreFix(new DockerfileText(text), finding).edits), '\uFEFFFROM alpine\n# harden-ignore=HX009\nRUN apk update && \\\n    apk add curl\n');
  });
});

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applySafeFixes, fixDockerfile } from '../../../src/core/dockerfile/applyFixes';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';
import { allRules } from '../../../src/core/dockerfile/rules/index';

/** mulberry32: a small seeded PRNG, so every run tries the same inputs. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fragments = [
  'FROM ', 'RUN ', 'CMD ', 'ENTRYPOINT ', 'HEALTHCHECK ', 'USER ', 'WORKDIR ', 'ADD ', 'COPY ', 'ENV ', 'ARG ', 'EXPOSE ', 'ONBUILD ',
  'alpine', 'node:20 AS b', 'b', 'scratch', '${BASE}', '$X', '--mount=type=cache,target=/x ', '--chmod=777 ', 'CMD-SHELL',
  'apt-get ', 'install ', 'update ', 'apk add ', 'pip install ', 'yum ', 'sudo ', 'curl -k ', '| sh', '&&', '||', ';', '|',
  '"', "'", '[', ']', '"a"', ',', '\\', '`', '\n', '\r\n', '\r', ' \\\n', '# comment\n', '# harden-ignore=HX001\n', '# escape=`\n',
  '<<EOF\n', 'EOF\n', '<<', '$(', ')', '(', '=', ':', '0', '22', 'root', '777', 'http://x/a.tar.gz', '\uFEFF', '\t', ' ', '\u00e9', '😀',
];

function randomDockerfile(random: () => number): string {
  const length = 1 + Math.floor(random() * 60);
  let text = '';
  for (let index = 0; index < length; index += 1) text += fragments[Math.floor(random() * fragments.length)];
  return text;
}

function mutate(text: string, random: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(random() * 6);
  for (let index = 0; index < edits; index += 1) {
    const at = Math.floor(random() * (result.length + 1));
    const choice = random();
    if (choice < 0.4) result = result.slice(0, at) + (fragments[Math.floor(random() * fragments.length)] ?? '') + result.slice(at);
    else if (choice < 0.8) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(random() * 20));
    else result = result.slice(0, at) + result.slice(at, at + 40) + result.slice(at);
  }
  return result;
}

const everyRuleOn = { source: undefined, rules: new Map(allRules.map((rule) => [rule.id, rule.defaultSeverity] as const)) };

function exercise(text: string): void {
  const findings = lintDockerfile(text, { config: everyRuleOn });
  applySafeFixes(text, findings);
  fixDockerfile(text, { config: everyRuleOn }, 3);
}

describe('fuzzing the linter', () => {
  const corpusDirectory = join(__dirname, '..', '..', 'corpus', 'dockerfiles');
  const corpus = readdirSync(corpusDirectory).map((name) => readFileSync(join(corpusDirectory, name), 'utf8'));

  it('never throws on random Dockerfiles (seeded)', () => {
    const random = prng(0x5eed);
    for (let round = 0; round < 600; round += 1) {
      const text = randomDockerfile(random);
      assert.doesNotThrow(() => exercise(text), `threw on ${JSON.stringify(text)}`);
    }
  });

  it('never throws on mutated corpus files (seeded)', () => {
    const random = prng(42);
    for (let round = 0; round < 250; round += 1) {
      const text = mutate(corpus[round % corpus.length] ?? '', random);
      assert.doesNotThrow(() => exercise(text), `threw on ${JSON.stringify(text)}`);
    }
  });

  it('the generator is deterministic, so a failure can be replayed', () => {
    assert.equal(randomDockerfile(prng(7)), randomDockerfile(prng(7)));
    assert.notEqual(randomDockerfile(prng(7)), randomDockerfile(prng(8)));
  });
});

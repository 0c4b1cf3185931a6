// Lint throughput against dockerfile-utils' validate (the validator the VS Code Docker tooling
// ships) on the same files in one run, and the time for one 5,000-line Dockerfile.
// Run: npx tsx bench/lint.bench.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { lintDockerfile } from '../src/core/dockerfile/lintDockerfile';
import { allRules } from '../src/core/dockerfile/rules/index';
import { median } from './benchRuns';

const corpusDirectory = join(__dirname, '..', 'test', 'corpus', 'dockerfiles');
const corpus = readdirSync(corpusDirectory)
  .filter((name) => name.endsWith('.Dockerfile'))
  .map((name) => readFileSync(join(corpusDirectory, name), 'utf8'));
const files: string[] = [];
while (files.length < 1000) files.push(...corpus);

function round(lint: (text: string) => unknown): number {
  const start = performance.now();
  for (const text of files) lint(text);
  return files.length / ((performance.now() - start) / 1000);
}

const candidates = {
  harden: (text: string) => lintDockerfile(text),
  utils: (text: string) => validate(text),
};
// Warm both up, then alternate rounds so neither gets a quieter machine or a warmer JIT.
round(candidates.harden);
round(candidates.utils);
const rates = { harden: [] as number[], utils: [] as number[] };
for (let index = 0; index < 7; index += 1) {
  rates.harden.push(round(candidates.harden));
  rates.utils.push(round(candidates.utils));
}
const harden = median(rates.harden);
const utils = median(rates.utils);
console.log(`Corpus: ${corpus.length} Dockerfiles repeated to ${files.length} files, median of 7 alternating rounds`);
console.log(`harden lint (${allRules.length} rules)       ${harden.toFixed(0).padStart(7)} files/s`);
console.log(`dockerfile-utils validate     ${utils.toFixed(0).padStart(7)} files/s`);
console.log(`ratio harden/dockerfile-utils: ${(harden / utils).toFixed(2)}x (target >= 1x)`);

// A 5,000-line Dockerfile: the corpus files stacked as the stages of one build.
const stages: string[] = [];
let lines = 0;
for (let index = 0; lines < 5000; index += 1) {
  const text = (corpus[index % corpus.length] ?? '').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').replace(/^# *(escape|syntax)=.*\n/gm, '');
  stages.push(text);
  lines += text.split('\n').length - 1;
}
const large = stages.join('\n');
const timings: number[] = [];
const parseTimings: number[] = [];
for (let index = 0; index < 9; index += 1) {
  let start = performance.now();
  lintDockerfile(large);
  timings.push(performance.now() - start);
  start = performance.now();
  DockerfileParser.parse(large);
  parseTimings.push(performance.now() - start);
}
console.log(`${large.split('\n').length}-line Dockerfile: ${median(timings).toFixed(1)} ms median of 9, first run ${timings[0]?.toFixed(1)} ms (target <= 50 ms)`);
console.log(`  of which dockerfile-ast parsing alone: ${median(parseTimings).toFixed(1)} ms median of 9`);

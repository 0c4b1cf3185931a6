// Precision and recall of every rule on the judged corpus: each test/corpus/dockerfiles/*.Dockerfile
// has test/corpus/expected/*.yaml saying which findings a reviewer expects. Reported = expected
// (true positives) + judged wrong (false positives); expected = reported + known misses.
// Run: npx tsx bench/lintPrecision.bench.ts
import { allRules } from '../src/core/dockerfile/rules/index';
import { loadCorpus, precision, recall, scoreCorpus } from '../test/corpus/expectedFindings';

const corpus = loadCorpus();
const scores = new Map(scoreCorpus(corpus).map((score) => [score.rule, score]));
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`.padStart(7);

console.log(`Corpus: ${corpus.length} Dockerfiles, ${corpus.filter((file) => file.expected).length} with expected findings`);
console.log('rule   name                             reported  wrong  missed  precision  recall');
let reported = 0;
let wrong = 0;
let expected = 0;
let missed = 0;
for (const rule of allRules) {
  const score = scores.get(rule.id) ?? { rule: rule.id, truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  reported += score.truePositives + score.falsePositives;
  wrong += score.falsePositives;
  expected += score.truePositives + score.falseNegatives;
  missed += score.falseNegatives;
  const none = score.truePositives + score.falsePositives + score.falseNegatives === 0;
  console.log(
    `${rule.id}  ${rule.name.padEnd(31)} ${String(score.truePositives + score.falsePositives).padStart(8)} ${String(score.falsePositives).padStart(6)} ${String(score.falseNegatives).padStart(7)} ${none ? '      –' : percent(precision(score))}    ${none ? '      –' : percent(recall(score))}${rule.enabledByDefault ? '' : '  (off by default)'}`,
  );
}
const overall = precision({ truePositives: reported - wrong, falsePositives: wrong });
console.log(`all    ${''.padEnd(31)} ${String(reported).padStart(8)} ${String(wrong).padStart(6)} ${String(missed).padStart(7)} ${percent(overall)}    ${percent(recall({ truePositives: expected - missed, falseNegatives: missed }))}  (target: precision >= 97% overall, >= 90% per rule)`);

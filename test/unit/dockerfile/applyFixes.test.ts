import { strict as assert } from 'node:assert';
import { applySafeFixes, fixDockerfile, overlaps } from '../../../src/core/dockerfile/applyFixes';
import type { Finding } from '../../../src/core/dockerfile/finding';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';

function finding(ruleId: string, edits: Array<[number, number, string]>, safe = true): Finding {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    ruleId,
    severity: 'warning',
    message: ruleId,
    range,
    instructionLine: 0,
    docs: '',
    related: {},
    fixes: [{ title: ruleId, safe, edits: edits.map(([start, end, newText]) => ({ range: { start: { line: 0, character: start }, end: { line: 0, character: end } }, newText })) }],
  };
}

describe('applying fixes', () => {
  it('applies non-overlapping safe fixes in one pass', () => {
    const result = applySafeFixes('abcdef', [finding('A', [[0, 1, 'X']]), finding('B', [[3, 3, '-']])]);
    assert.deepEqual(result, { text: 'Xbc-def', applied: 2 });
  });

  it('leaves an overlapping fix for the next pass, and two inserts at one place count as overlapping', () => {
    assert.equal(applySafeFixes('abcdef', [finding('A', [[1, 3, 'X']]), finding('B', [[2, 4, 'Y']])]).text, 'aXdef');
    assert.equal(applySafeFixes('abc', [finding('A', [[1, 1, 'X']]), finding('B', [[1, 1, 'Y']])]).text, 'aXbc');
    assert.ok(overlaps({ start: 1, end: 1, newText: '' }, { start: 1, end: 1, newText: '' }));
    assert.ok(!overlaps({ start: 1, end: 3, newText: '' }, { start: 3, end: 3, newText: '' }));
  });

  it('never applies review-only fixes', () => {
    assert.equal(applySafeFixes('abc', [finding('A', [[0, 1, 'X']], false)]).applied, 0);
  });

  it('keeps a BOM and CRLF line endings', () => {
    const text = '\uFEFFFROM alpine\r\nRUN apk add curl\r\nUSER 1\r\n';
    assert.equal(fixDockerfile(text).text, '\uFEFFFROM alpine\r\nRUN apk add --no-cache curl\r\nUSER 1\r\n');
  });

  it('runs passes until nothing is left, so a second --fix changes nothing', () => {
    const text = 'FROM debian:12\nRUN apt update && apt install curl\nUSER 1\n';
    const once = fixDockerfile(text).text;
    // --no-install-recommends changes which packages are installed: a review fix, not applied.
    assert.equal(once, 'FROM debian:12\nRUN apt-get update && apt-get -y install curl && rm -rf /var/lib/apt/lists/*\nUSER 1\n');
    assert.equal(fixDockerfile(once).text, once);
    assert.deepEqual(lintDockerfile(once).filter((left) => left.fixes.some((fix) => fix.safe)), []);
  });

  it('would notice a pass that changed nothing being counted', () => {
    assert.equal(fixDockerfile('FROM alpine\nUSER 1\n').applied, 0);
  });
});

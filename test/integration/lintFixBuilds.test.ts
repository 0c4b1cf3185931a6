import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyTextEdits, fixDockerfile } from '../../src/core/dockerfile/applyFixes';
import { directoryContext } from '../../src/core/dockerfile/buildContext';
import { lintDockerfile } from '../../src/core/dockerfile/lintDockerfile';
import { type CorpusFile, loadCorpus } from '../corpus/expectedFindings';
import { runCommand } from './hostCommand';

/**
 * `harden lint --fix` must never break a build: corpus Dockerfiles on Debian bookworm are built as
 * they are and as --fix leaves them, on the offline fixture base (harden-fixture/base:bookworm, apt
 * through the host network as scripts/build-fixtures.sh does). The legacy builder is used, as for the
 * fixtures, so these files keep to what it knows (no heredocs, mounts or --chmod).
 */
const BASE = 'harden-fixture/base:bookworm';
/** Each file, and whether --fix changes it (the apt-later files' only fix is withheld as review). */
const files = [
  { name: 'build-fixes-debian', changed: true },
  { name: 'apt-later-install-same-stage', changed: false },
  { name: 'apt-later-install-derived-stage', changed: false },
  { name: 'add-archive-without-extension', changed: true },
];
const TRANSIENT_APT = /Temporary failure resolving|Could not resolve|Could not connect|Connection timed out|Failed to fetch|Hash Sum mismatch/;

/** The file as the fixture engine can build it: Debian bookworm bases are the local fixture base. */
function offline(text: string): string {
  return text.replace(/^(FROM\s+(?:--platform=\S+\s+)?)debian:bookworm(?:-slim)?(\s|$)/gim, `$1${BASE}$2`);
}

async function build(file: CorpusFile, dockerfile: string, tag: string): Promise<{ ok: boolean; log: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'harden-fixbuild-'));
  const dockerfilePath = join(scratch, 'Dockerfile');
  writeFileSync(dockerfilePath, offline(dockerfile));
  const context = file.contextDirectory ?? scratch;
  try {
    for (let attempt = 1; ; attempt += 1) {
      const run = await runCommand('docker', ['build', '--network', 'host', '--force-rm', '--tag', tag, '--file', dockerfilePath, context], {
        env: { DOCKER_BUILDKIT: '0' },
      });
      const log = `${run.stdout}${run.stderr}`;
      if (run.code === 0 || attempt === 3 || !TRANSIENT_APT.test(log)) return { ok: run.code === 0, log };
      await new Promise((resolve) => setTimeout(resolve, attempt * 5000));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function tail(log: string): string {
  return log.trim().split('\n').slice(-15).join('\n');
}

describe('builds before and after harden lint --fix (integration)', function () {
  const corpus = loadCorpus();
  const tags: string[] = [];

  before(async function () {
    const inspect = await runCommand('docker', ['image', 'inspect', BASE]);
    assert.equal(inspect.code, 0, `${BASE} is missing: run scripts/build-fixtures.sh (npm test does)`);
  });

  after(async function () {
    if (tags.length > 0) await runCommand('docker', ['image', 'rm', '--force', ...tags]);
  });

  for (const { name, changed } of files) {
    it(`${name}: the original and the --fix'ed file both build`, async function () {
      const file = corpus.find((candidate) => candidate.name === name);
      assert.ok(file, `test/corpus/dockerfiles/${name}.Dockerfile is missing`);
      const buildContext = file.contextDirectory ? directoryContext(file.contextDirectory) : undefined;
      const fixed = fixDockerfile(file.text, { buildContext });
      assert.equal(fixed.text !== file.text, changed, `${name}: --fix ${changed ? 'changed nothing' : 'changed the file'}`);
      for (const [variant, text] of [['original', file.text], ['fixed', fixed.text]] as const) {
        const tag = `harden-lint-fixcheck/${name}:${variant}`;
        tags.push(tag);
        const result = await build(file, text, tag);
        assert.ok(result.ok, `${name} (${variant}) did not build:\n${tail(result.log)}`);
      }
    });
  }

  it('the HX006 fix withheld as review would really break the build: applied anyway, the later apt-get install fails', async function () {
    const file = corpus.find((candidate) => candidate.name === 'apt-later-install-same-stage');
    assert.ok(file);
    const finding = lintDockerfile(file.text).find((candidate) => candidate.ruleId === 'HX006');
    const review = finding?.fixes[0];
    assert.ok(review && !review.safe, 'HX006 offers a review fix here');
    const tag = 'harden-lint-fixcheck/apt-later-install-same-stage:review-fix-applied';
    tags.push(tag);
    const result = await build(file, applyTextEdits(file.text, review.edits), tag);
    assert.equal(result.ok, false, 'the build with the lists removed early was expected to fail');
    assert.match(result.log, /Unable to locate package jq/);
  });

  it('ADD of a tar archive without extension stays ADD: as COPY, the RUN that uses the unpacked files fails', async function () {
    const file = corpus.find((candidate) => candidate.name === 'add-archive-without-extension');
    assert.ok(file?.contextDirectory);
    const findings = lintDockerfile(file.text, { buildContext: directoryContext(file.contextDirectory) });
    assert.ok(!findings.some((finding) => finding.ruleId === 'HX013' && finding.range.start.line === 2), 'ADD sdk is not reported');
    const tag = 'harden-lint-fixcheck/add-archive-without-extension:copy-forced';
    tags.push(tag);
    const result = await build(file, file.text.replace('ADD sdk /opt/', 'COPY sdk /opt/'), tag);
    assert.equal(result.ok, false, 'COPY does not unpack the archive, so the install step was expected to fail');
  });
});

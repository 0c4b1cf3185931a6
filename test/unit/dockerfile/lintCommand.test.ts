import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function harden(cwd: string, ...args: string[]): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, cwd, env: {}, signal: new AbortController().signal });
  return { code, stdout: out, stderr: err };
}

describe('harden lint', () => {
  let directory: string;
  const clean = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n';
  const withError = 'FROM alpine\nRUN apk add curl\nCMD /app\n';

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'harden-lint-'));
    writeFileSync(join(directory, 'clean.Dockerfile'), clean);
    writeFileSync(join(directory, 'Dockerfile'), withError);
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('exits 0 when no finding has error severity', async () => {
    const run = await harden(directory, 'lint', 'clean.Dockerfile');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /no findings/);
  });

  it('exits 1 with error findings, as path:line:col severity id message (1-based)', async () => {
    const run = await harden(directory, 'lint', 'Dockerfile');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^Dockerfile:2:5 warning HX009 .*\[fixable\]$/m);
    assert.match(run.stdout, /^Dockerfile:3:5 error HX001 /m);
    // Then where each reported rule is explained, offline.
    assert.match(run.stdout, /^Rule documentation:\n {2}HX001 \S+\/media\/rules\/HX001\.md\n/m);
  });

  it('exits 2 on bad usage and unreadable files', async () => {
    assert.equal((await harden(directory, 'lint')).code, 2);
    assert.equal((await harden(directory, 'lint', '--format', 'xml', 'Dockerfile')).code, 2);
    assert.equal((await harden(directory, 'lint', '--frobnicate', 'Dockerfile')).code, 2);
    const missing = await harden(directory, 'lint', 'clean.Dockerfile', 'missing.Dockerfile');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read missing\.Dockerfile: ENOENT/);
  });

  it('exits 2 with one line on a bad .harden.yaml', async () => {
    writeFileSync(join(directory, '.harden.yaml'), 'lint:\n  rules:\n    HX001: maybe\n');
    const run = await harden(directory, 'lint', 'Dockerfile');
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /\.harden\.yaml: `lint\.rules\.HX001` is "maybe"/);
  });

  it('applies the config found next to the file', async () => {
    writeFileSync(join(directory, '.harden.yaml'), 'lint:\n  rules:\n    HX001: warning\n    HX004: off\n');
    const run = await harden(directory, 'lint', 'Dockerfile');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Dockerfile:3:5 warning HX001/);
  });

  it('prints JSON findings with their file', async () => {
    const run = await harden(directory, 'lint', '--format', 'json', 'Dockerfile');
    const findings = JSON.parse(run.stdout) as Array<{ file: string; ruleId: string; docs: string; range: { start: { line: number } } }>;
    assert.ok(findings.some((finding) => finding.file === 'Dockerfile' && finding.ruleId === 'HX009' && finding.range.start.line === 1));
    for (const finding of findings) assert.ok(existsSync(finding.docs), `${finding.ruleId}: ${finding.docs} is not there`);
  });

  it('prints SARIF 2.1.0 with rule metadata', async () => {
    const run = await harden(directory, 'lint', '-f', 'sarif', 'Dockerfile');
    const log = JSON.parse(run.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; helpUri: string; help: { markdown?: string } }> } };
        results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
      }>;
    };
    assert.equal(log.version, '2.1.0');
    const [sarifRun] = log.runs;
    assert.ok(sarifRun && sarifRun.tool.driver.rules.length >= 20);
    // The documentation travels with the log and points at the file shipped with harden: no web address.
    const first = sarifRun.tool.driver.rules[0];
    assert.match(first?.helpUri ?? '', /^file:\/\/.*\/media\/rules\/HX001\.md$/);
    assert.match(first?.help.markdown ?? '', /^# HX001 shell-form-cmd/);
    const result = sarifRun.results.find((candidate) => candidate.ruleId === 'HX009');
    assert.equal(result?.locations[0]?.physicalLocation.artifactLocation.uri, 'Dockerfile');
    assert.equal(result?.locations[0]?.physicalLocation.region.startLine, 2);
  });

  it('--fix rewrites the file with safe fixes only and reports what is left', async () => {
    const run = await harden(directory, 'lint', '--fix', 'Dockerfile');
    assert.equal(readFileSync(join(directory, 'Dockerfile'), 'utf8'), 'FROM alpine\nRUN apk add --no-cache curl\nCMD ["/app"]\n');
    assert.match(run.stderr, /applied 2 fixes/);
    assert.doesNotMatch(run.stdout, /HX009|HX001/);
    assert.match(run.stdout, /HX004/, 'the root-user fix needs review, so it stays');
    const again = await harden(directory, 'lint', '--fix', 'Dockerfile');
    assert.equal(again.stderr, '');
  });

  it('without --fix leaves the file alone', async () => {
    await harden(directory, 'lint', 'Dockerfile');
    assert.equal(readFileSync(join(directory, 'Dockerfile'), 'utf8'), withError);
  });
});

describe('harden lint with the profile of the image a Dockerfile builds', () => {
  let workspace: string;
  const redisManifest = readFileSync(join(__dirname, '..', 'fixtures', 'manifests', 'editor-built-redis', 'manifest.yaml'), 'utf8');
  const redisDockerfile = readFileSync(join(__dirname, '..', '..', 'fixtures', 'redis', 'Dockerfile'), 'utf8');

  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'harden-lint-profile-'));
    mkdirSync(join(workspace, 'redis'));
    mkdirSync(join(workspace, '.harden', 'redis'), { recursive: true });
    writeFileSync(join(workspace, 'redis', 'Dockerfile'), redisDockerfile);
    // Recorded from the redis fixture, as the editor writes it after building redis/Dockerfile.
    writeFileSync(join(workspace, '.harden', 'redis', 'manifest.yaml'), redisManifest);
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  it('proposes the uid the profile ran it as, naming the manifest', async () => {
    const run = await harden(workspace, 'lint', 'redis/Dockerfile');
    assert.match(run.stdout, /HX004 The final stage sets no USER, so the container runs as root; the profile \(\.harden\/redis\/manifest\.yaml\) ran it as 100:101, the owner of \/var\/lib\/redis: add `USER 100:101`/);
  });

  it('finds the profile from the build context too, when run elsewhere', async () => {
    const run = await harden(join(workspace, 'redis'), 'lint', 'Dockerfile', '--context', '..');
    assert.match(run.stdout, /ran it as 100:101/);
  });

  it('ignores a profile whose image was built from another Dockerfile', async () => {
    writeFileSync(join(workspace, '.harden', 'redis', 'manifest.yaml'), redisManifest.replace('context: ../../redis', 'context: ../../other'));
    const run = await harden(workspace, 'lint', 'redis/Dockerfile');
    assert.match(run.stdout, /HX004 .*add `USER 10001:10001`/);
    assert.doesNotMatch(run.stdout, /profile/);
  });
});

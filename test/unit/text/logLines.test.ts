import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type * as vscode from 'vscode';
import { exitCodeFor } from '../../../src/cli/exitCodes';
import { main } from '../../../src/cli/main';
import { stderrLogger } from '../../../src/cli/stderrLogger';
import { readManifestFile } from '../../../src/core/manifest/manifestFile';
import { printableChannel } from '../../../src/extension/printableChannel';
import { rawUnprintables } from '../untrustedText';

const NAME = '/srv/next\u0085line: x\nharden: forged line\u2028\x1b[2J\u202eexe';

function collected(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

/** A LogOutputChannel that keeps what it is given: VS Code itself does not run in the unit tests. */
function keepingChannel(lines: string[]): vscode.LogOutputChannel {
  const keep = (message: unknown): void => {
    lines.push(String(message));
  };
  return {
    name: 'Harden',
    logLevel: 2,
    onDidChangeLogLevel: () => ({ dispose: () => undefined }),
    trace: keep,
    debug: keep,
    info: keep,
    warn: keep,
    error: keep,
    append: keep,
    appendLine: keep,
    replace: keep,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };
}

describe('log lines quoting names from an image', () => {
  it('the test name holds raw line breaks and controls (so the checks below can fail)', () => {
    assert.equal(rawUnprintables(NAME).length, 4);
    assert.equal(NAME.split('\n').length, 2);
  });

  it('harden writes each progress, warning and debug message on one stderr line, escaped', () => {
    const { stream, text } = collected();
    const log = stderrLogger(stream, { quiet: false, debug: true });
    log.info(`writing ${NAME}`);
    log.warn(`cannot remove ${NAME}`);
    log.debug(`saw ${NAME}`);
    const lines = text().split('\n').filter(Boolean);
    assert.equal(lines.length, 3);
    assert.deepEqual(rawUnprintables(text()), []);
    assert.equal(lines[0], 'harden: writing /srv/next\\x85line: x\\nharden: forged line\\u2028\\x1b[2J\\u202eexe');
  });

  it('a failure message with such a name stays on its line (harden verify on a folder named so)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'harden-log-'));
    const dir = join(parent, 'out\u0085put\nharden: verified');
    try {
      const failure = await readManifestFile(join(dir, 'manifest.yaml')).then(() => 'read', (error: Error) => error.message);
      assert.ok(rawUnprintables(failure).length > 0, 'the error itself holds the raw name');
      const stderr = collected();
      const stdout = collected();
      const code = await main(['verify', dir], { stdout: stdout.stream, stderr: stderr.stream, cwd: parent, env: {}, signal: new AbortController().signal });
      assert.equal(code, exitCodeFor['manifest-invalid']);
      assert.deepEqual(rawUnprintables(stderr.text()), []);
      assert.equal(stderr.text().split('\n').filter(Boolean).length, 1);
      assert.match(stderr.text(), /^harden verify: Cannot read the manifest .*out\\x85put\\nharden: verified\/manifest\.yaml: no such file or directory\.\n$/);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('the editor\'s log channel escapes every message, an Error\'s stack included', () => {
    const lines: string[] = [];
    const channel = printableChannel(keepingChannel(lines));
    channel.trace(NAME);
    channel.debug(NAME);
    channel.info(NAME);
    channel.warn(NAME);
    channel.error(NAME);
    channel.error(new Error(NAME));
    channel.append(NAME);
    channel.appendLine(NAME);
    channel.replace(NAME);
    assert.equal(lines.length, 9);
    for (const line of lines) assert.deepEqual(rawUnprintables(line), [], line);
    assert.ok(lines.slice(0, 5).every((line) => line === lines[0] && !line.includes('\n')));
    assert.match(lines[5], /^Error: \/srv\/next\\x85line: x\\nharden: forged line.*\n {4}at /);
  });
});

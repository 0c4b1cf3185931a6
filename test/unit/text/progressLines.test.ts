import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { stderrLogger } from '../../../src/cli/stderrLogger';
import { throttledProgress, type Logger } from '../../../src/core/logger';

const CLEAR_LINE = '\r\x1b[K';

function stderr(terminal: boolean): { stream: PassThrough; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: terminal });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('sub-progress on stderr and its throttle', () => {
  it('on a terminal, rewrites one status line that the next step line replaces', () => {
    const { stream, text } = stderr(true);
    const log = stderrLogger(stream, { quiet: false, debug: false });
    log.progress?.("reading the image's files (10 %)");
    log.progress?.("reading the image's files (20 %)");
    log.info('starting nginx');
    assert.equal(text(), `${CLEAR_LINE}harden: reading the image's files (10 %)${CLEAR_LINE}harden: reading the image's files (20 %)${CLEAR_LINE}harden: starting nginx\n`);
  });

  it('elsewhere (a CI log), prints it as lines, one per few seconds at most', () => {
    const { stream, text } = stderr(false);
    const log = stderrLogger(stream, { quiet: false, debug: false });
    log.progress?.("reading the image's files (10 %)");
    log.progress?.("reading the image's files (20 %)");
    log.info('starting nginx');
    assert.equal(text(), "harden: reading the image's files (10 %)\nharden: starting nginx\n");
  });

  it('--quiet hides it', () => {
    const { stream, text } = stderr(true);
    stderrLogger(stream, { quiet: true, debug: false }).progress?.('reading (10 %)');
    assert.equal(text(), '');
  });

  it('sends at most one message per interval, without even building the dropped ones', () => {
    const sent: string[] = [];
    const log: Logger = { info: () => undefined, warn: () => undefined, debug: () => undefined, progress: (message) => sent.push(message) };
    let built = 0;
    const report = throttledProgress(log, 60_000);
    for (let step = 1; step <= 100; step += 1) {
      report(() => {
        built += 1;
        return `step ${step}`;
      });
    }
    assert.deepEqual(sent, ['step 1']);
    assert.equal(built, 1);
  });

  it('with no interval, sends every message (so the throttle above is what held them back)', () => {
    const sent: string[] = [];
    const log: Logger = { info: () => undefined, warn: () => undefined, debug: () => undefined, progress: (message) => sent.push(message) };
    const report = throttledProgress(log, 0);
    for (let step = 1; step <= 3; step += 1) report(() => `step ${step}`);
    assert.deepEqual(sent, ['step 1', 'step 2', 'step 3']);
  });
});

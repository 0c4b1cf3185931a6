import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { StraceLineParser } from './straceLineParser';
import { TraceRecorder, type RecorderStart } from './traceRecorder';
import type { TraceFacts } from './traceFacts';

/**
 * Streams a trace (any size) through the parser and recorder, one line at a time: the trace is
 * never held in memory whole.
 */
export async function readTrace(input: Readable, start: RecorderStart): Promise<TraceFacts> {
  const parser = new StraceLineParser();
  const recorder = new TraceRecorder(start);
  let lines = 0;
  const reader = createInterface({ input, crlfDelay: Infinity });
  for await (const line of reader) {
    lines += 1;
    const event = parser.parse(line);
    if (event) recorder.consume(event);
  }
  return recorder.finish(lines, parser.unparsedLines);
}

import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { StraceLineParser } from './straceLineParser';
import { TraceRecorder, type RecorderStart } from './traceRecorder';
import type { TraceFacts } from './traceFacts';

/**
 * Streams a trace (any size) through the parser and recorder, one line at a time: the trace is
 * never held in memory whole. `onLines` hears the lines read so far after each chunk.
 */
export async function readTrace(input: Readable, start: RecorderStart, onLines?: (lines: number) => void): Promise<TraceFacts> {
  const parser = new StraceLineParser();
  const recorder = new TraceRecorder(start);
  let lines = 0;
  const consume = (line: string): void => {
    lines += 1;
    const event = parser.parse(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (event) recorder.consume(event);
  };
  // Splitting chunks by hand is several times cheaper than readline's per-line async iteration.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      consume(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
    onLines?.(lines);
  }
  rest += decoder.end();
  if (rest !== '') consume(rest);
  return recorder.finish(lines, parser.unparsedLines);
}

/**
 * Analysis throughput: builds the manifest from a trace of ≥ 1,000,000 syscall lines (the recorded
 * nginx, notes and entrypoint-script traces, replayed with fresh pids and files), and prints the
 * time and peak RSS against two baselines run in this same process: reading the same lines without
 * parsing them, and parsing them without recording. Targets: ≤ 2 s and ≤ 300 MB.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { StraceLineParser } from '../src/core/trace/straceLineParser';
import { tuneHeapForTraceAnalysis } from '../src/core/trace/heapTuning';
import { loadRecording, manifestFrom, recordedFacts } from '../test/unit/recordedFixture';

const TARGET_LINES = 1_000_000;

async function writeBigTrace(path: string): Promise<number> {
  const sources = ['nginx', 'notes', 'entrypoint-script'].map((name) =>
    readFileSync(join(__dirname, '..', 'test', 'unit', 'fixtures', 'recorded', name, 'trace.strace'), 'utf8').split('\n').filter(Boolean),
  );
  // A long-running server: the startup of the recorded nginx, then many request cycles of workers
  // writing logs and temp files, with new pids now and then.
  const out = createWriteStream(path);
  let lines = 0;
  const write = async (line: string): Promise<void> => {
    lines += 1;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  for (const line of sources[0]) await write(line);
  let round = 0;
  while (lines < TARGET_LINES) {
    round += 1;
    const pid = 1000 + (round % 500);
    const source = sources[round % sources.length];
    for (const line of source) {
      if (line.includes('--- SIG') || line.includes('+++')) continue;
      await write(line.replace(/^\d+/, String(pid)).replace(/\/tmp\/notes-spool-\w+/g, `/tmp/notes-spool-${round}`));
    }
    await write(`${pid}    write(4</var/log/nginx/access.log>, "172.17.0.1 - - [29/Nov/2026:00:08:13 +0000] \\"GET /${round} HTTP/1.1\\" 200 615 \\"-\\" \\"curl/7.88.1\\"\\n", 87) = 87`);
  }
  out.end();
  await once(out, 'close');
  return lines;
}

async function time<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

async function main(): Promise<void> {
  tuneHeapForTraceAnalysis(); // as the CLI does
  const dir = mkdtempSync(join(tmpdir(), 'harden-bench-'));
  const tracePath = join(dir, 'big.strace');
  const lines = await writeBigTrace(tracePath);
  const recording = loadRecording('nginx');

  const readOnly = await time(async () => {
    let count = 0;
    for await (const line of createInterface({ input: createReadStream(tracePath), crlfDelay: Infinity })) if (line) count += 1;
    return count;
  });
  const parseOnly = await time(async () => {
    const parser = new StraceLineParser();
    let events = 0;
    for await (const line of createInterface({ input: createReadStream(tracePath), crlfDelay: Infinity })) if (parser.parse(line)) events += 1;
    return events;
  });
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const analysis = await time(async () => manifestFrom(recording, await recordedFacts(recording, tracePath)));
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const megabytes = statSync(tracePath).size / 1024 / 1024;
  console.log(`trace: ${lines.toLocaleString('en')} lines, ${megabytes.toFixed(0)} MB`);
  console.log(`read lines only (baseline):   ${readOnly.seconds.toFixed(2)} s`);
  console.log(`parse only:                   ${parseOnly.seconds.toFixed(2)} s  (${(parseOnly.seconds / readOnly.seconds).toFixed(2)}× reading)`);
  console.log(`full analysis to manifest:    ${analysis.seconds.toFixed(2)} s  (${(analysis.seconds / readOnly.seconds).toFixed(2)}× reading; target ≤ 2 s)`);
  console.log(`peak RSS during analysis:     ${(peakRss / 1024 / 1024).toFixed(0)} MB (target ≤ 300 MB)`);
  console.log(`writable paths found:         ${analysis.value.writablePaths.map((path) => path.path).join(', ')}`);
  if (!process.env.KEEP_TRACE) rmSync(dir, { recursive: true, force: true });
  else console.log(tracePath);
  writeFileSync(join(tmpdir(), 'harden-bench-analysis.txt'), `${analysis.seconds}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

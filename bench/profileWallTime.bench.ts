/**
 * Profile wall time on a big image (bench/fixtures/large-image: 770 MB, the base's nginx beside a
 * JDK and compilers), against the app's own start → probe → stop in the same process, rounds
 * interleaved (medians):
 *   - plain: the app created, started, probed until up, stopped and removed, untraced (the baseline);
 *   - first profile: an empty image index cache, so the image's files are read from its export;
 *   - second profile, new process: the index from the disk cache (what the CLI's next profile does);
 *   - second profile, same process: the index from memory (what the editor's next profile does).
 * Also prints how long the app took to come up in each, since the first profile reads the image
 * while the app starts, and how long the index took to read and to load.
 * Needs the engine and `scripts/build-bench-fixtures.sh` (npm run bench runs it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEngine } from '../src/core/docker/dockerEngine';
import { ImageIndexCache } from '../src/core/image/imageIndexCache';
import { tuneHeapForTraceAnalysis } from '../src/core/trace/heapTuning';
import { benchProfile, median, plainNginxRun } from './benchRuns';

const IMAGE = 'harden-bench/large-image:bench';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const probes = [{ kind: 'http' as const, port: 80, path: '/' }];

const seconds = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' ');

async function main(): Promise<void> {
  tuneHeapForTraceAnalysis();
  const engine = await connectEngine().catch(() => undefined);
  const image = engine && (await engine.inspectImage(IMAGE));
  if (!engine || !image) {
    console.log(`skipped: needs a Docker Engine and ${IMAGE} (scripts/build-bench-fixtures.sh builds it)`);
    return;
  }
  const plain = { wall: [] as number[], ready: [] as number[] };
  const first = { wall: [] as number[], ready: [] as number[], index: [] as number[] };
  const fromDisk = { wall: [] as number[], ready: [] as number[], index: [] as number[] };
  const fromMemory = { wall: [] as number[], ready: [] as number[], index: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const run = await plainNginxRun(engine, image.Id, probes);
    plain.wall.push(run.wall);
    plain.ready.push(run.ready);

    const directory = mkdtempSync(join(tmpdir(), 'harden-bench-index-'));
    try {
      const cache = new ImageIndexCache(directory);
      for (const [runs, lookup, expected] of [
        [first, cache, 'image'],
        // A new cache object on the same folder has nothing in memory: the next CLI process.
        [fromDisk, new ImageIndexCache(directory), 'disk'],
        [fromMemory, cache, 'memory'],
      ] as const) {
        const { wall, result } = await benchProfile(engine, IMAGE, probes, { indexCache: lookup });
        if (result.indexRead.source !== expected) throw new Error(`expected the index from ${expected}, it came from ${result.indexRead.source}`);
        runs.wall.push(wall);
        runs.ready.push(result.run.readySeconds);
        runs.index.push(result.indexRead.seconds);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  const base = median(plain.wall);
  const megabytes = Math.round(image.Size / 1e6);
  console.log(`image ${IMAGE}: ${megabytes} MB; medians of ${ROUNDS} interleaved rounds`);
  console.log(`app start-probe-stop-remove (plain, untraced): ${base.toFixed(2)} s`);
  for (const [name, runs] of [
    ['first profile (index read from the image)', first],
    ['second profile, new process (index from disk)', fromDisk],
    ['second profile, same process (index in memory)', fromMemory],
  ] as const) {
    const wall = median(runs.wall);
    console.log(`${name}: ${wall.toFixed(2)} s → ${(wall / base).toFixed(1)}× the app's own, adds ${(wall - base).toFixed(2)} s; index ${median(runs.index).toFixed(2)} s`);
  }
  console.log(`second profile ÷ first: ${(median(fromDisk.wall) / median(first.wall)).toFixed(2)} (disk), ${(median(fromMemory.wall) / median(first.wall)).toFixed(2)} (memory)`);
  console.log(`app up after (s): plain ${seconds(plain.ready)}; first profile, reading the image meanwhile ${seconds(first.ready)}; second ${seconds(fromDisk.ready)}`);
  console.log(`(walls: plain ${seconds(plain.wall)}; first ${seconds(first.wall)}; disk ${seconds(fromDisk.wall)}; memory ${seconds(fromMemory.wall)})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Profiling overhead on the nginx fixture, against a plain run of the same image in the same
 * process, rounds interleaved (medians of 5):
 *   - time from container start to the first successful probe, traced ÷ plain (target ≤ 1.5×);
 *   - the whole `harden profile` (tracer delivery, image analysis, cleanup) minus the app's own
 *     start-probe-stop-remove time (target ≤ 10 s);
 *   - profile + verify (what `harden profile` does by default: the traced verify and the exact
 *     confirmation of the configuration it writes) ÷ the app's own start-probe-stop-remove time.
 * Needs the engine and fixtures that `npm test` sets up.
 */
import { connectEngine } from '../src/core/docker/dockerEngine';
import { silentLogger } from '../src/core/logger';
import { verifyAndRefine } from '../src/core/refine/verifyAndRefine';
import { tuneHeapForTraceAnalysis } from '../src/core/trace/heapTuning';
import { benchProfile, median, plainNginxRun } from './benchRuns';

const IMAGE = 'harden-fixture/nginx:test';
const ROUNDS = 5;
const probes = [{ kind: 'http' as const, port: 80, path: '/' }];

async function main(): Promise<void> {
  tuneHeapForTraceAnalysis();
  const engine = await connectEngine().catch(() => undefined);
  const image = engine && (await engine.inspectImage(IMAGE));
  if (!engine || !image) {
    console.log(`skipped: needs a Docker Engine and ${IMAGE} (run npm test first)`);
    return;
  }
  const plainReady: number[] = [];
  const plainTotal: number[] = [];
  const tracedReady: number[] = [];
  const profileTotal: number[] = [];
  const verifiedTotal: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const plain = await plainNginxRun(engine, image.Id, probes);
    plainReady.push(plain.ready);
    plainTotal.push(plain.wall);

    const profileStarted = Date.now();
    const { result } = await benchProfile(engine, IMAGE, probes);
    profileTotal.push((Date.now() - profileStarted) / 1000);
    tracedReady.push(result.run.readySeconds);
    const outcome = await verifyAndRefine(engine, result.manifest, {
      index: result.index,
      generate: {},
      timeoutSeconds: 60,
      signal: new AbortController().signal,
      log: silentLogger,
      environment: process.env,
    });
    if (!outcome.result.passed) throw new Error(`the nginx fixture did not verify: ${outcome.unresolved.join('; ')}`);
    verifiedTotal.push((Date.now() - profileStarted) / 1000);
  }
  const ready = median(tracedReady) / median(plainReady);
  console.log(`start → first successful probe: plain ${median(plainReady).toFixed(2)} s, traced ${median(tracedReady).toFixed(2)} s → ${ready.toFixed(2)}× (target ≤ 1.5×)`);
  console.log(`app start-probe-stop-remove: ${median(plainTotal).toFixed(2)} s; harden profile: ${median(profileTotal).toFixed(2)} s → adds ${(median(profileTotal) - median(plainTotal)).toFixed(2)} s (target ≤ 10 s)`);
  const verified = median(verifiedTotal) / median(plainTotal);
  console.log(`harden profile with its verify (traced, then exact): ${median(verifiedTotal).toFixed(2)} s → ${verified.toFixed(1)}× the app's own start-probe-stop-remove`);
  console.log(`(medians of ${ROUNDS} interleaved rounds; plain ready ${plainReady.map((v) => v.toFixed(2)).join(' ')}, traced ${tracedReady.map((v) => v.toFixed(2)).join(' ')})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

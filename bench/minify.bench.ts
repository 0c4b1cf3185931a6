/**
 * `harden minify` on the fixtures built from a full Debian base, each against its own development
 * image, measured in the same process:
 *   - size of the development image ÷ size of the production image, per fixture, and their
 *     geometric mean (target ≥ 30×);
 *   - minify wall time (reading the image, the seed run, the build, the verify rounds) ÷ the app's
 *     own start-probe-stop time, and in seconds;
 *   - time from container start to the first successful probe, production ÷ development (medians of
 *     3, rounds interleaved).
 * Needs the engine, `npm run build` and the fixtures that `npm test` sets up.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { connectEngine, type DockerEngine } from '../src/core/docker/dockerEngine';
import { silentLogger } from '../src/core/logger';
import type { HardeningManifest, ProbeSpec } from '../src/core/manifest/manifestTypes';
import { observeRun } from '../src/core/run/observedRun';
import { RunResources } from '../src/core/run/runResources';
import { median } from './benchRuns';

interface Fixture {
  image: string;
  probe: string;
  /** What the start-up did that the init cannot carry over was looked at: the fixture's entrypoint writes a pid file. */
  force?: boolean;
}

const FIXTURES: Fixture[] = [
  { image: 'harden-fixture/nginx:test', probe: 'http:80/' },
  { image: 'harden-fixture/entrypoint-script:test', probe: 'http:8080/', force: true },
  { image: 'harden-fixture/memcached:test', probe: 'tcp:11211' },
  { image: 'harden-fixture/mosquitto:test', probe: 'tcp:1883' },
  { image: 'harden-fixture/lighttpd:test', probe: 'http:80/' },
  { image: 'harden-fixture/redis:test', probe: 'tcp:6379' },
  { image: 'harden-fixture/postgres:test', probe: 'tcp:5432', force: true },
];
const START_ROUNDS = 3;

function cli(args: string[]): number {
  const started = Date.now();
  execFileSync(process.execPath, ['dist/cli.js', ...args, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return (Date.now() - started) / 1000;
}

/** Seconds from start to the first passing probe, and the whole start-probe-stop-remove. */
async function startTime(engine: DockerEngine, image: string, user: string, probes: ProbeSpec[]): Promise<{ ready: number; total: number }> {
  const resources = new RunResources(engine);
  const started = Date.now();
  try {
    const info = await engine.inspectImage(image);
    const argv = [...(info?.Config?.Entrypoint ?? []), ...(info?.Config?.Cmd ?? [])];
    const run = await observeRun(
      engine,
      resources,
      { image, argv, env: [], user, workingDir: info?.Config?.WorkingDir ?? '', stopSignal: 'SIGTERM', stopTimeoutSeconds: 10, hostConfig: {}, uid: 0, gid: 0 },
      { purpose: 'profile', probes, timeoutSeconds: 60, signal: new AbortController().signal, log: silentLogger, tracerNeedsPtrace: false },
    );
    return { ready: run.readySeconds, total: (Date.now() - started) / 1000 };
  } finally {
    await resources.removeAll();
  }
}

async function main(): Promise<void> {
  const engine = await connectEngine().catch(() => undefined);
  if (!engine) {
    console.log('skipped: needs a Docker Engine (run npm test first)');
    return;
  }
  const ratios: number[] = [];
  console.log('fixture                     development  production  ratio   files kept  rounds  minify s  minify ÷ app  start prod ÷ dev');
  for (const fixture of FIXTURES) {
    if (!(await engine.inspectImage(fixture.image))) {
      console.log(`${fixture.image}: skipped (not built; run npm test first)`);
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), 'harden-bench-minify-'));
    const tag = `harden-bench/${fixture.image.split('/')[1].split(':')[0]}:prod`;
    try {
      cli(['profile', fixture.image, '--probe', fixture.probe, '--out', dir]);
      const minifySeconds = cli(['minify', dir, '--tag', tag, ...(fixture.force ? ['--force'] : [])]);
      const manifest = parse(readFileSync(join(dir, 'manifest.yaml'), 'utf8')) as HardeningManifest;
      const production = manifest.production;
      if (!production?.verification.verified) throw new Error(`${fixture.image}: the production image did not verify`);
      const ratio = production.sizeBytes.development / production.sizeBytes.production;
      ratios.push(ratio);
      const dev: number[] = [];
      const prod: number[] = [];
      const appTotal: number[] = [];
      for (let round = 0; round < START_ROUNDS; round += 1) {
        const plain = await startTime(engine, fixture.image, '', manifest.profile.probes);
        dev.push(plain.ready);
        appTotal.push(plain.total);
        prod.push((await startTime(engine, tag, '', manifest.profile.probes)).ready);
      }
      const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
      console.log(
        [
          fixture.image.padEnd(27),
          mib(production.sizeBytes.development).padStart(11),
          mib(production.sizeBytes.production).padStart(11),
          `${ratio.toFixed(1)}×`.padStart(7),
          String(production.files.kept).padStart(11),
          String(production.verification.rounds.length).padStart(7),
          minifySeconds.toFixed(1).padStart(9),
          `${(minifySeconds / median(appTotal)).toFixed(1)}×`.padStart(13),
          `${(median(prod) / Math.max(median(dev), 0.001)).toFixed(2)}×`.padStart(17),
        ].join(' '),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      try {
        execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  }
  const geometric = Math.exp(ratios.reduce((sum, ratio) => sum + Math.log(ratio), 0) / Math.max(ratios.length, 1));
  console.log(`size ratio, geometric mean over ${ratios.length} fixture(s): ${geometric.toFixed(1)}× (target ≥ 30×)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

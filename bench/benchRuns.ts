// What the benches that run an image share: the median of a series, the app's own untraced
// start → probe → stop → remove (the baseline a profile is measured against), and a quiet profile.
import type { DockerEngine } from '../src/core/docker/dockerEngine';
import { silentLogger } from '../src/core/logger';
import type { ProbeSpec } from '../src/core/manifest/manifestTypes';
import { profileImage, type ProfileOptions, type ProfileResult } from '../src/core/profile/profileImage';
import { observeRun } from '../src/core/run/observedRun';
import { RunResources } from '../src/core/run/runResources';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** nginx in `imageId` run as it is, untraced, through the engine API: wall time and seconds until its probes passed. */
export async function plainNginxRun(engine: DockerEngine, imageId: string, probes: ProbeSpec[]): Promise<{ wall: number; ready: number }> {
  const resources = new RunResources(engine);
  const started = Date.now();
  let ready: number;
  try {
    const run = await observeRun(
      engine,
      resources,
      { image: imageId, argv: ['nginx', '-g', 'daemon off;'], env: [], user: '', workingDir: '', stopSignal: 'SIGTERM', stopTimeoutSeconds: 10, hostConfig: {}, uid: 0, gid: 0 },
      { purpose: 'profile', probes, timeoutSeconds: 60, signal: new AbortController().signal, log: silentLogger, tracerNeedsPtrace: false },
    );
    ready = run.readySeconds;
  } finally {
    await resources.removeAll();
  }
  return { wall: (Date.now() - started) / 1000, ready };
}

/** `harden profile` of `reference` with these probes, silent; `extra` adds options (an index cache). */
export async function benchProfile(engine: DockerEngine, reference: string, probes: ProbeSpec[], extra: Partial<ProfileOptions> = {}): Promise<{ wall: number; result: ProfileResult }> {
  const started = Date.now();
  const result = await profileImage(engine, {
    reference,
    pull: false,
    env: [],
    probes,
    timeoutSeconds: 60,
    signal: new AbortController().signal,
    log: silentLogger,
    environment: process.env,
    toolVersion: 'bench',
    ...extra,
  });
  return { wall: (Date.now() - started) / 1000, result };
}

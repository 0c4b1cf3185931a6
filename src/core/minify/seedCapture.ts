import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DockerEngine } from '../docker/dockerEngine';
import { DEFAULT_STOP_SIGNAL, DEFAULT_STOP_TIMEOUT_SECONDS } from '../docker/stopDefaults';
import { HardenError } from '../errors';
import type { Logger } from '../logger';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { containerCommand } from '../run/containerCommand';
import { observeRun } from '../run/observedRun';
import { RunResources } from '../run/runResources';

export interface SeedOptions {
  timeoutSeconds: number;
  signal: AbortSignal;
  log: Logger;
}

/**
 * First-start data, captured as the profile saw it made: the development image runs once exactly
 * as profiled (its own entrypoint, so its first-start initialisation runs), each seeded path on a
 * fresh volume; after the graceful stop each path's content is saved as a tar that the production
 * image carries. `files` maps each target path to the tar file to write. The container and volumes
 * are removed, also on error.
 */
export async function captureSeeds(engine: DockerEngine, manifest: HardeningManifest, files: ReadonlyMap<string, string>, options: SeedOptions): Promise<void> {
  const resources = new RunResources(engine);
  try {
    const mounts = [];
    for (const target of files.keys()) mounts.push({ Type: 'volume' as const, Source: await resources.createVolume(`seed-${target.replace(/[^a-zA-Z0-9]+/g, '-')}`, 'seed'), Target: target });
    const { image, profile, execution } = manifest;
    const run = await observeRun(
      engine,
      resources,
      {
        image: image.id,
        argv: containerCommand(profile.overrides, image),
        env: profile.overrides.env,
        user: profile.overrides.user ?? image.user,
        workingDir: image.workingDir,
        stopSignal: image.stopSignal || DEFAULT_STOP_SIGNAL,
        stopTimeoutSeconds: image.stopTimeoutSeconds || DEFAULT_STOP_TIMEOUT_SECONDS,
        hostConfig: { Mounts: mounts },
        uid: execution.chain[0]?.uid ?? 0,
        gid: execution.chain[0]?.gid ?? 0,
      },
      { purpose: 'seed', probes: profile.probes, durationSeconds: profile.observeSeconds, timeoutSeconds: options.timeoutSeconds, signal: options.signal, log: options.log, tracerNeedsPtrace: false },
    );
    if (!run.stop.graceful) throw new HardenError('app-failed', `The first start of ${image.reference} did not stop gracefully, so its data cannot be trusted as a seed; pass --no-seed to go without one.`);
    for (const [target, file] of files) {
      const archive = await engine.getArchive(run.containerId, target);
      if (!archive) throw new HardenError('app-failed', `The first start of ${image.reference} left nothing at ${target} to seed from.`);
      await mkdir(dirname(file), { recursive: true });
      await pipeline(archive, createWriteStream(file));
      options.log.info(`seed: saved the first-start content of ${target}`);
    }
  } finally {
    for (const failure of await resources.removeAll()) options.log.warn(`could not remove ${failure}`);
  }
}

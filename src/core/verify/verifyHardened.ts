import { posix } from 'node:path';
import type { DockerEngine } from '../docker/dockerEngine';
import { walkTar } from '../docker/tarArchive';
import { HardenError } from '../errors';
import { containerSpecFor } from '../compose/composeContainer';
import type { HardenedRunSpec } from '../compose/composeRunSpec';
import { refuseHostAccess } from '../compose/hostAccess';
import type { Logger } from '../logger';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { AppFailedError, deliverTracer, observeRun, type ObservedRun } from '../run/observedRun';
import { RunResources, removeLeftovers } from '../run/runResources';
import { loadTracerBundle } from '../tracer/tracerBundle';
import type { RefusedOperation } from '../trace/traceFacts';
import { logRefusals } from './logRefusals';

export interface VerifyOptions {
  /** Run the app under the tracer too, to name refused writes precisely (default). */
  traced: boolean;
  /** Start the app a second time on the same volumes and check the data survived. */
  restart: boolean;
  timeoutSeconds: number;
  signal: AbortSignal;
  log: Logger;
  environment: NodeJS.ProcessEnv;
  /** Run even though the service reaches into the host (hostAccess lists how); the user must have agreed. */
  allowHostAccess?: boolean;
}

export interface VerifyProblem {
  /** `refused-write`, `probe`, `exit`, `stop`, `data-lost`, `log`. */
  kind: string;
  message: string;
}

export interface VerifyResult {
  passed: boolean;
  verifiedAt: string;
  image: string;
  phases: Array<{ name: string; readySeconds?: number; stop?: ObservedRun['stop'] }>;
  problems: VerifyProblem[];
  /** Refused reads and other things worth a look that did not make the run fail. */
  notes: string[];
}

/**
 * `harden verify`: runs the image exactly as the generated Compose service says (read-only root,
 * tmpfs, volumes, capabilities, user, init), replays the profile's probes and graceful stop, and
 * reports every refused write (from the trace and the logs), failed probe, forced kill and — when
 * data volumes exist — data that did not survive a restart.
 */
export async function verifyHardened(
  engine: DockerEngine,
  manifest: HardeningManifest,
  runSpec: HardenedRunSpec,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const { log } = options;
  refuseHostAccess(runSpec, options.allowHostAccess);
  await removeLeftovers(engine);
  const image = await engine.inspectImage(runSpec.image);
  if (!image) throw new HardenError('image-missing', `Image ${runSpec.image} is not on the engine at ${engine.endpoint.host}.`);
  const notes: string[] = [];
  if (image.Id !== manifest.image.id) notes.push(`${runSpec.image} is now ${image.Id.slice(0, 19)}, not the image profiled (${manifest.image.id.slice(0, 19)}); profile it again if it changed.`);

  const resources = new RunResources(engine);
  const problems: VerifyProblem[] = [];
  const phases: VerifyResult['phases'] = [];
  try {
    const bundle = options.traced ? await loadTracerBundle(image.Architecture, options.environment) : undefined;
    const volumeNames = new Map<string, string>();
    for (const volume of runSpec.volumes.filter((spec) => spec.kind === 'volume')) {
      volumeNames.set(volume.source || volume.target, await resources.createVolume(`verify-${sanitize(volume.source || volume.target)}`, 'verify'));
    }
    // Every path the profile found to be data must keep its files, whatever the Compose file mounts there.
    const dataPaths = [
      ...new Set([
        ...manifest.writablePaths.filter((path) => path.kind === 'data').map((path) => path.path),
        ...runSpec.volumes.filter((spec) => spec.kind === 'volume').map((spec) => spec.target),
      ]),
    ];
    const runPhase = async (name: string, traceFile: string, beforeStart?: (id: string) => Promise<void>): Promise<ObservedRun | undefined> => {
      const tracer = bundle ? { bundle, ...(await deliverTracer(engine, resources, image.Id, bundle)), traceFile } : undefined;
      log.info(`${name}: starting ${runSpec.image} with the hardened settings${tracer ? ' (traced)' : ''}`);
      try {
        const container = containerSpecFor(manifest, runSpec, { volumeNames, imageWorkingDir: image.Config?.WorkingDir ?? '', allowHostAccess: options.allowHostAccess });
        const run = await observeRun(engine, resources, container, {
          purpose: 'verify',
          probes: manifest.profile.probes,
          durationSeconds: manifest.profile.observeSeconds,
          timeoutSeconds: options.timeoutSeconds,
          signal: options.signal,
          log,
          tracer,
          tracerNeedsPtrace: tracerNeedsPtrace(runSpec, manifest),
          beforeStart,
        });
        phases.push({ name, readySeconds: run.readySeconds, stop: run.stop });
        problems.push(...refusedWrites(run.facts?.refused ?? []), ...logRefusals(run.logs).map((line) => ({ kind: 'log', message: `the app logged: ${line}` })));
        notes.push(...refusedReads(run.facts?.refused ?? []));
        if (!run.stop.graceful && manifest.profile.stop.graceful) {
          problems.push({ kind: 'stop', message: `did not stop within ${manifest.image.stopTimeoutSeconds} s of ${run.stop.signal} and was killed (it stopped gracefully in the profile)` });
        }
        return run;
      } catch (error) {
        if (!(error instanceof AppFailedError)) throw error;
        phases.push({ name });
        problems.push(
          { kind: 'probe', message: error.message },
          ...refusedWrites(error.facts?.refused ?? []),
          ...logRefusals(error.details).map((line) => ({ kind: 'log', message: `the app logged: ${line}` })),
        );
        return undefined;
      }
    };
    const first = await runPhase('run', 'verify-1.log');
    if (first && options.restart && dataPaths.length > 0) {
      const kept = new Map<string, string[]>();
      for (const path of dataPaths) kept.set(path, [...new Set([...filesWritten(first, path), ...(await filesIn(engine, first.containerId, path))])]);
      await runPhase('restart', 'verify-2.log', async (containerId) => {
        for (const [path, files] of kept) {
          const present = new Set(await filesIn(engine, containerId, path));
          const lost = files.filter((file) => !present.has(file));
          if (lost.length > 0) {
            problems.push({ kind: 'data-lost', message: `${lost.length} file(s) in ${path} did not survive a restart (${lost.slice(0, 3).join(', ')})` });
          }
        }
      });
    }
  } finally {
    for (const failure of await resources.removeAll()) log.warn(`could not remove ${failure}`);
  }
  return { passed: problems.length === 0, verifiedAt: new Date().toISOString(), image: runSpec.image, phases, problems: dedupe(problems), notes: [...new Set(notes)] };
}

/** Root apps that switch users need the tracer to read other users' memory; non-root ones do not. */
function tracerNeedsPtrace(spec: HardenedRunSpec, manifest: HardeningManifest): boolean {
  const user = spec.user ?? manifest.image.user;
  return user === '' || user === '0' || user.startsWith('0:') || user === 'root';
}

function refusedWrites(refused: RefusedOperation[]): VerifyProblem[] {
  return refused
    .filter((operation) => operation.write)
    .map((operation) => ({
      kind: 'refused-write',
      message: `${posix.basename(operation.program) || 'a process'} (uid ${operation.uid}) was refused ${operation.syscall} ${operation.path}: ${operation.errno}`,
    }));
}

function refusedReads(refused: RefusedOperation[]): string[] {
  return refused
    .filter((operation) => !operation.write && operation.errno !== 'EPERM')
    .map((operation) => `${posix.basename(operation.program)} (uid ${operation.uid}) could not read ${operation.path}: ${operation.errno}`);
}

/**
 * Files the app left below `path`, from the trace: the engine cannot look into a tmpfs once the
 * container stopped, and a tmpfs is exactly the mistake this check is for.
 */
function filesWritten(run: ObservedRun, path: string): string[] {
  const prefix = `${path}/`;
  return [...(run.facts?.writes.values() ?? [])]
    .filter((record) => record.path.startsWith(prefix) && !record.deleted && !record.isDirectory)
    .map((record) => record.path.slice(prefix.length));
}

/** Names of the files below `path` in the container's filesystem as it is now (volumes included). */
async function filesIn(engine: DockerEngine, containerId: string, path: string): Promise<string[]> {
  const archive = await engine.getArchive(containerId, path);
  if (!archive) return [];
  const files: string[] = [];
  await walkTar(archive, (header) => {
    if (header.type !== 'directory') files.push(header.name.split('/').slice(1).join('/'));
    return undefined;
  });
  return files.filter(Boolean).sort();
}

function sanitize(text: string): string {
  return text.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'volume';
}

function dedupe(problems: VerifyProblem[]): VerifyProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.kind}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

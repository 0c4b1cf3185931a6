import { posix } from 'node:path';
import { summarizeImage } from '../analysis/buildManifest';
import type { DockerEngine, ImageInfo } from '../docker/dockerEngine';
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
import type { TraceFacts } from '../trace/traceFacts';
import { manifestStamp } from './manifestStamp';
import { problemsOfRun, type VerifyClue, type VerifyPhase, type VerifyProblem } from './verifyProblems';

export interface VerifyOptions {
  /** Run the app under the tracer too, to name refused writes precisely (default). */
  traced: boolean;
  /** Start the app a second time on the same volumes and check the data survived. */
  restart: boolean;
  timeoutSeconds: number;
  signal: AbortSignal;
  log: Logger;
  environment: NodeJS.ProcessEnv;
  /** The image's files, when the caller has them (the refine loop): tells which missing paths a mount hid. */
  imageFiles?: { has(path: string): boolean };
  /** Run even though the service reaches into the host (hostAccess lists how); the user must have agreed. */
  allowHostAccess?: boolean;
  /** Told every path a traced run looked for and did not find (a minified image may lack it). */
  onMissing?: (paths: ReadonlyMap<string, { program: string; syscall: string }>) => void;
}

export type { ProblemCause, VerifyClue, VerifyPhase, VerifyProblem } from './verifyProblems';

export interface VerifyResult {
  passed: boolean;
  verifiedAt: string;
  image: string;
  /** Whether the app ran under the tracer (which adds SYS_PTRACE for a root app) or exactly as configured. */
  mode: 'traced' | 'exact';
  phases: Array<{ name: string; readySeconds?: number; stop?: ObservedRun['stop'] }>;
  problems: VerifyProblem[];
  /** Refusals the profile run had too, with nothing hardened: reported, not failed on. */
  preexisting: string[];
  /** Refused reads and image files a mount hid: they fail nothing alone, but may explain a failure. */
  clues: VerifyClue[];
  /** Other things worth a look that did not make the run fail. */
  notes: string[];
  /** manifestStamp of the manifest verified (absent in results written before it existed). */
  manifestStamp?: string;
}

/**
 * `harden verify`: runs the image exactly as the generated Compose service says (read-only root,
 * tmpfs, volumes, capabilities, user, init), replays the profile's probes and graceful stop, and
 * reports every refused write and privileged call new under the hardening (from the trace and the
 * logs), failed probe, forced kill and — when data volumes exist — data that did not survive a
 * restart. Refusals the unhardened profile run had too are reported apart and do not fail it.
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
  // The production image minify built from this profile is expected here too.
  if (image.Id !== manifest.image.id && image.Id !== manifest.production?.id) notes.push(`${runSpec.image} is now ${image.Id.slice(0, 19)}, not the image profiled (${manifest.image.id.slice(0, 19)}); profile it again if it changed.`);
  const ran = image.Id === manifest.image.id ? manifest : runningAnotherImage(manifest, runSpec.image, image);
  const baseline = { refusals: manifest.profile.refusals ?? [], logRefusals: manifest.profile.logRefusals ?? [] };

  const resources = new RunResources(engine);
  const problems: VerifyProblem[] = [];
  const clues: VerifyClue[] = [];
  const preexisting: string[] = [];
  const phases: VerifyResult['phases'] = [];
  try {
    const bundle = options.traced ? await loadTracerBundle(image.Architecture, options.environment) : undefined;
    const volumeNames = new Map<string, string>();
    for (const volume of runSpec.volumes.filter((spec) => spec.kind === 'volume')) {
      volumeNames.set(volume.source || volume.target, await resources.createVolume(`verify-${sanitize(volume.source || volume.target)}`, 'verify'));
    }
    const imageFiles = options.imageFiles;
    const inImage: PathsInImage = imageFiles ? async (paths) => new Set(paths.filter((path) => imageFiles.has(path))) : pathsInImageThroughEngine(engine, resources, image.Id);
    // Every path the profile found to be data must keep its files, whatever the Compose file mounts there.
    const dataPaths = [
      ...new Set([
        ...manifest.writablePaths.filter((path) => path.kind === 'data').map((path) => path.path),
        ...runSpec.volumes.filter((spec) => spec.kind === 'volume').map((spec) => spec.target),
      ]),
    ];
    const observe = async (phase: VerifyPhase, run: { facts?: TraceFacts; logs: readonly string[] }): Promise<void> => {
      if (run.facts) options.onMissing?.(run.facts.missing);
      const found = problemsOfRun(phase, run.facts, run.logs, baseline);
      problems.push(...found.problems);
      clues.push(...found.clues, ...(await hiddenByMounts(run.facts, runSpec, inImage)));
      preexisting.push(...found.preexisting);
    };
    const runPhase = async (name: VerifyPhase, traceFile: string, beforeStart?: (id: string) => Promise<void>): Promise<ObservedRun | undefined> => {
      const tracer = bundle ? { bundle, ...(await deliverTracer(engine, resources, image.Id, bundle)), traceFile } : undefined;
      log.info(`${name}: starting ${runSpec.image} with the hardened settings${tracer ? ' (traced)' : ''}`);
      try {
        const container = containerSpecFor(ran, runSpec, { volumeNames, imageWorkingDir: image.Config?.WorkingDir ?? '', allowHostAccess: options.allowHostAccess });
        const run = await observeRun(engine, resources, container, {
          purpose: 'verify',
          probes: manifest.profile.probes,
          durationSeconds: manifest.profile.observeSeconds,
          timeoutSeconds: options.timeoutSeconds,
          signal: options.signal,
          log,
          tracer,
          tracerNeedsPtrace: tracerNeedsPtrace(runSpec, ran),
          beforeStart,
        });
        phases.push({ name, readySeconds: run.readySeconds, stop: run.stop });
        await observe(name, run);
        if (!run.stop.graceful && manifest.profile.stop.graceful) {
          problems.push({ kind: 'stop', phase: name, cause: { type: 'killed' }, message: `did not stop within ${manifest.image.stopTimeoutSeconds} s of ${run.stop.signal} and was killed (it stopped gracefully in the profile)` });
        } else if (
          // Another stop signal (a Compose stop_signal) may well end the app with another code.
          run.stop.signal === manifest.profile.stop.signal &&
          run.stop.exitCode !== manifest.profile.stop.exitCode &&
          manifest.profile.stop.graceful &&
          !problems.some((problem) => problem.phase === name && problem.kind === 'stop')
        ) {
          problems.push({ kind: 'stop', phase: name, message: `stopped with exit code ${run.stop.exitCode}; in the profile it stopped with ${manifest.profile.stop.exitCode}` });
        }
        return run;
      } catch (error) {
        if (!(error instanceof AppFailedError)) throw error;
        phases.push({ name });
        problems.push({ kind: 'probe', message: error.message, phase: name, cause: { type: 'not-up' } });
        await observe(name, { facts: error.facts, logs: error.details });
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
            problems.push({
              kind: 'data-lost',
              phase: 'restart',
              cause: { type: 'data-lost', path, files: lost.slice(0, 20) },
              message: `${lost.length} file(s) in ${path} did not survive a restart (${lost.slice(0, 3).join(', ')})`,
            });
          }
        }
      });
    }
  } finally {
    for (const failure of await resources.removeAll()) log.warn(`could not remove ${failure}`);
  }
  const finalProblems = dedupe(problems);
  return {
    passed: finalProblems.length === 0,
    verifiedAt: new Date().toISOString(),
    image: runSpec.image,
    mode: options.traced ? 'traced' : 'exact',
    phases,
    problems: finalProblems,
    preexisting: [...new Set(preexisting)],
    clues: dedupeClues(clues),
    notes: [...new Set(notes)],
    manifestStamp: manifestStamp(manifest),
  };
}

/** Which of these paths the image itself has. */
type PathsInImage = (paths: string[]) => Promise<Set<string>>;

/**
 * Paths the app looked for and did not find because a tmpfs of the configuration covers what the
 * image ships there: the pid file in the image's /run/app under a tmpfs at /run. The clue names the
 * deepest entry on the path that the image has (the directory the app needed to exist).
 */
async function hiddenByMounts(facts: TraceFacts | undefined, spec: HardenedRunSpec, inImage: PathsInImage): Promise<VerifyClue[]> {
  const mounts = Object.keys(spec.tmpfs);
  const lookups = new Map<string, { program: string; syscall: string; mount: string; chain: string[] }>();
  for (const [path, lookup] of facts?.missing ?? []) {
    const mount = mounts.find((target) => path !== target && (path.startsWith(`${target}/`) || target === '/'));
    if (!mount || lookups.size >= MAX_HIDDEN_CHECKS) continue;
    const chain: string[] = [];
    for (let current = path; current !== mount && current !== '/'; current = posix.dirname(current)) chain.push(current);
    lookups.set(path, { ...lookup, mount, chain });
  }
  if (lookups.size === 0) return [];
  const shipped = await inImage([...new Set([...lookups.values()].flatMap((lookup) => lookup.chain))]);
  const clues: VerifyClue[] = [];
  for (const [path, lookup] of lookups) {
    const hidden = lookup.chain.find((entry) => shipped.has(entry));
    if (hidden === undefined) continue;
    clues.push({
      message: `${posix.basename(lookup.program) || 'a process'} could not find ${path}: the image ships ${hidden}, the tmpfs at ${lookup.mount} hides it`,
      cause: { type: 'hidden', program: lookup.program, syscall: lookup.syscall, path: hidden, mount: lookup.mount },
    });
  }
  return clues;
}

const MAX_HIDDEN_CHECKS = 200;

/** Without the profile's index: asks the engine, through a container of the image that never starts. */
function pathsInImageThroughEngine(engine: DockerEngine, resources: RunResources, imageId: string): PathsInImage {
  let inspection: Promise<string> | undefined;
  return async (paths) => {
    inspection ??= engine.createContainer({ Image: imageId, Entrypoint: ['/.harden-never-started'], Cmd: [], NetworkDisabled: true, Labels: resources.labels('inspect') }).then((id) => {
      resources.trackContainer(id);
      return id;
    });
    const id = await inspection;
    const found = new Set<string>();
    for (const path of paths) if (await engine.pathExists(id, path)) found.add(path);
    return found;
  };
}

/**
 * Where the service is silent, Compose runs the image's own ENTRYPOINT, CMD and USER. For an image
 * other than the one profiled (harden minify's production image, whose entrypoint is its init, or
 * a rebuild) verify does the same, instead of the profiled image's command and its overrides.
 */
function runningAnotherImage(manifest: HardeningManifest, reference: string, image: ImageInfo): HardeningManifest {
  const { entrypoint: _entrypoint, cmd: _cmd, ...overrides } = manifest.profile.overrides;
  return { ...manifest, image: summarizeImage(reference, image), profile: { ...manifest.profile, overrides } };
}

/** Root apps that switch users need the tracer to read other users' memory; non-root ones do not. */
function tracerNeedsPtrace(spec: HardenedRunSpec, manifest: HardeningManifest): boolean {
  const user = spec.user ?? manifest.image.user;
  return user === '' || user === '0' || user.startsWith('0:') || user === 'root';
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

function dedupeClues(clues: VerifyClue[]): VerifyClue[] {
  const seen = new Set<string>();
  return clues.filter((clue) => !seen.has(clue.message) && seen.add(clue.message));
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

import { buildManifest, summarizeImage } from '../analysis/buildManifest';
import type { DockerEngine, ImageInfo } from '../docker/dockerEngine';
import { DEFAULT_STOP_SIGNAL, DEFAULT_STOP_TIMEOUT_SECONDS } from '../docker/stopDefaults';
import { readContainerFile } from '../docker/containerFiles';
import { HardenError } from '../errors';
import { parseAccounts, resolveUser, type AccountDatabase } from '../image/accountDatabase';
import type { ImageIndex } from '../image/imageIndex';
import { ImageIndexCache } from '../image/imageIndexCache';
import { readImageIndex, type ReadImageIndex } from '../image/readImageIndex';
import type { Logger } from '../logger';
import type { HardeningManifest, ProbeSpec } from '../manifest/manifestTypes';
import type { RunProbe } from '../run/probes';
import { containerCommand } from '../run/containerCommand';
import { deliverTracer, observeRun, throwIfAborted, type ObservedRun } from '../run/observedRun';
import { RunResources, removeLeftovers } from '../run/runResources';
import { loadTracerBundle } from '../tracer/tracerBundle';
import { serviceNameFromImage } from '../generate/serviceName';
import { recordProfile, type ProfileRecord } from './profileRecord';

export interface ProfileOptions {
  reference: string;
  pull: boolean;
  entrypoint?: string[];
  cmd?: string[];
  env: string[];
  user?: string;
  /** Explicit probes; none means an `auto` probe on every exposed port (HTTP when it answers HTTP, else TCP). */
  probes: ProbeSpec[];
  durationSeconds?: number;
  timeoutSeconds: number;
  /** Keep the raw strace output here. */
  saveTraceTo?: string;
  signal: AbortSignal;
  log: Logger;
  environment: NodeJS.ProcessEnv;
  toolVersion: string;
  /** Where image indexes are kept between profiles; by default the on-disk cache the environment names. */
  indexCache?: ImageIndexCache;
}

export interface ProfileResult {
  manifest: HardeningManifest;
  run: ObservedRun;
  /** The image's files as the analysis saw them. */
  index: ImageIndex;
  /** Where the index came from (read from the image this time, or an earlier profile's from the cache) and how long it took. */
  indexRead: Omit<ReadImageIndex, 'index'>;
  image: ImageInfo;
  startUid: number;
  startGid: number;
  /** What `harden minify` needs beyond the manifest (absent when the trace showed no exec). */
  record?: ProfileRecord;
}

/**
 * `harden profile`: runs the image under the tracer until its probes pass, stops it gracefully,
 * and turns what it did into a manifest. Every container and volume it creates is removed before
 * it returns or throws, Ctrl-C included.
 */
export async function profileImage(engine: DockerEngine, options: ProfileOptions): Promise<ProfileResult> {
  const { log } = options;
  const leftovers = await removeLeftovers(engine);
  if (leftovers > 0) log.info(`removed ${leftovers} container(s)/volume(s) left by an earlier harden run that did not finish`);
  const image = await findImage(engine, options);
  const resources = new RunResources(engine);
  const startedAt = new Date();
  // Reading the image's files stops when the profile ends early, before its container is removed.
  const stopIndexing = new AbortController();
  let indexing: Promise<ReadImageIndex> | undefined;
  try {
    const engineVersion = await engine.version();
    const bundle = await loadTracerBundle(image.Architecture || engineVersion.arch, options.environment);
    log.debug(`tracer: ${bundle.version} from ${bundle.origin}`);

    const inspectionId = await engine.createContainer({
      Image: image.Id,
      Entrypoint: ['/.harden-never-started'],
      Cmd: [],
      NetworkDisabled: true,
      Labels: resources.labels('inspect'),
    });
    resources.trackContainer(inspectionId);
    // Read from the moment the container exists, beside the tracer's delivery and the app's run: on a
    // big image this pass is the longest part of a profile (the benchmark measures what it does to the start).
    indexing = readImageIndex(engine, {
      imageId: image.Id,
      containerId: inspectionId,
      imageBytes: image.Size ?? 0,
      cache: options.indexCache ?? ImageIndexCache.forEnvironment(options.environment),
      log,
      signal: AbortSignal.any([options.signal, stopIndexing.signal]),
    });
    indexing.catch(() => undefined);
    const accounts = await readAccounts(engine, inspectionId);
    const user = options.user ?? image.Config?.User ?? '';
    const credentials = resolveUser(user, accounts);
    if (!credentials) throw new HardenError('usage', `User "${user}" is not in the image's /etc/passwd or /etc/group.`);

    const argv = containerCommand(options, summarizeImage(options.reference, image));
    if (argv.length === 0) throw new HardenError('usage', `Image ${options.reference} has no ENTRYPOINT or CMD; pass --entrypoint.`);
    const probes: RunProbe[] = options.probes.length > 0 || options.durationSeconds !== undefined ? options.probes : exposedPortProbes(image);
    if (probes.length === 0 && options.durationSeconds === undefined) {
      throw new HardenError('usage', `Image ${options.reference} exposes no ports, so there is nothing to probe: give a probe (tcp:PORT, http:PORT/PATH, exec:CMD) or an observation time in seconds (--probe or --duration on the command line, Profile settings in the editor).`);
    }
    throwIfAborted(options.signal);

    log.info(`preparing the tracer (${bundle.version})`);
    const tracer = await deliverTracer(engine, resources, image.Id, bundle);
    const reading = indexing;
    const readIndex = (): Promise<ImageIndex> => reading.then((read) => read.index);
    const config = image.Config as ImageInfo['Config'] & { StopSignal?: string; StopTimeout?: number };
    log.info(`profiling ${options.reference} (${argv.join(' ')}) as ${user || 'root'}`);
    const run = await observeRun(
      engine,
      resources,
      {
        image: image.Id,
        argv,
        env: options.env,
        user,
        workingDir: config?.WorkingDir ?? '',
        stopSignal: config?.StopSignal || DEFAULT_STOP_SIGNAL,
        stopTimeoutSeconds: config?.StopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS,
        hostConfig: {},
        uid: credentials.uid,
        gid: credentials.gid,
      },
      {
        purpose: 'profile',
        probes,
        durationSeconds: options.durationSeconds,
        timeoutSeconds: options.timeoutSeconds,
        signal: options.signal,
        log,
        tracer: { bundle, ...tracer, traceFile: 'profile.log' },
        tracerNeedsPtrace: true,
        saveTraceTo: options.saveTraceTo,
        imageIndex: readIndex,
      },
    );
    log.info(`analysed ${run.facts?.lines ?? 0} trace lines against the image's files`);
    if (run.facts && run.facts.tampering.length > 0) {
      throw new HardenError('trace-forged', `The app changed the tracer's own files, so its trace cannot be trusted and nothing is generated from it.`, run.facts.tampering.map((call) => `traced: ${call}`));
    }
    const { index, ...indexRead } = await indexing;
    const manifest = buildManifest({
      reference: options.reference,
      image,
      overrides: {
        ...(options.entrypoint ? { entrypoint: options.entrypoint } : {}),
        ...(options.cmd ? { cmd: options.cmd } : {}),
        env: options.env,
        ...(options.user !== undefined ? { user: options.user } : {}),
      },
      probes: run.resolvedProbes,
      observeSeconds: options.durationSeconds,
      readySeconds: options.durationSeconds === undefined ? run.readySeconds : null,
      stop: run.stop,
      startedAt,
      durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
      tracer: bundle.version,
      facts: run.facts as NonNullable<typeof run.facts>,
      changes: run.changes,
      index,
      accounts,
      startUid: credentials.uid,
      startGid: credentials.gid,
      volumePrefix: serviceNameFromImage(options.reference),
      logs: run.logs,
      toolVersion: options.toolVersion,
    });
    const record = recordProfile(run.facts as NonNullable<typeof run.facts>, image.Id, manifest.execution.main.pid);
    return { manifest, run, index, indexRead, image, startUid: credentials.uid, startGid: credentials.gid, ...(record ? { record } : {}) };
  } finally {
    stopIndexing.abort();
    await indexing?.catch(() => undefined);
    const failures = await resources.removeAll();
    for (const failure of failures) log.warn(`could not remove ${failure}`);
  }
}

async function findImage(engine: DockerEngine, options: ProfileOptions): Promise<ImageInfo> {
  let image = await engine.inspectImage(options.reference);
  if (!image && options.pull) {
    options.log.info(`pulling ${options.reference}`);
    try {
      await engine.pullImage(options.reference, (line) => options.log.debug(line));
    } catch (error) {
      throw new HardenError('image-missing', `Could not pull ${options.reference}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}.`);
    }
    image = await engine.inspectImage(options.reference);
  }
  if (!image) {
    throw new HardenError(
      'image-missing',
      `Image ${options.reference} is not on the engine at ${engine.endpoint.host}; build or pull it first, or pass --pull.`,
    );
  }
  return image;
}

/** The image's exposed TCP ports, ascending. */
export function exposedTcpPorts(image: Pick<ImageInfo, 'Config'>): number[] {
  return Object.keys(image.Config?.ExposedPorts ?? {})
    .filter((key) => key.endsWith('/tcp') || !key.includes('/'))
    .map((key) => Number(key.split('/')[0]))
    .sort((a, b) => a - b);
}

function exposedPortProbes(image: ImageInfo): RunProbe[] {
  return exposedTcpPorts(image).map((port) => ({ kind: 'auto' as const, port }));
}

async function readAccounts(engine: DockerEngine, containerId: string): Promise<AccountDatabase> {
  return parseAccounts(await readContainerFile(engine, containerId, '/etc/passwd'), await readContainerFile(engine, containerId, '/etc/group'));
}

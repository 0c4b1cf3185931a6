import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerCreateOptions, DockerEngine, EngineHostConfig, FileChange } from '../docker/dockerEngine';
import { packTar, walkTar } from '../docker/tarArchive';
import { HardenError } from '../errors';
import { humanBytes } from '../generate/sizeUnits';
import { throttledProgress, type Logger } from '../logger';
import type { ProbeSpec, StopOutcome } from '../manifest/manifestTypes';
import type { ImageIndex } from '../image/imageIndex';
import type { TracerBundle } from '../tracer/tracerBundle';
import { readTrace } from '../trace/readTrace';
import type { TraceFacts } from '../trace/traceFacts';
import { describeProbe, runProbe, type ProbeAddress, type ProbeContext, type ProbeOutcome, type RunProbe } from './probes';
import type { RunResources } from './runResources';
import { createOptions } from './createOptions';
import { OUTPUT_MOUNT, TRACE_DIRECTORY, TRACER_MOUNT } from './tracerCommand';

export type ContainerConfigExtras = Pick<ContainerCreateOptions, 'Hostname' | 'Domainname' | 'Labels' | 'Healthcheck' | 'ExposedPorts' | 'Tty' | 'OpenStdin'>;

export interface ObservedRunSpec {
  /** Image id or reference. */
  image: string;
  /** The full command the container runs (entrypoint + cmd), exec form. */
  argv: string[];
  env: string[];
  user: string;
  workingDir: string;
  stopSignal: string;
  stopTimeoutSeconds: number;
  /** Settings under test (read-only root, tmpfs, volumes, capabilities, published ports…); empty for a plain run. */
  hostConfig: EngineHostConfig;
  /** More of the create body (hostname, labels, healthcheck, exposed ports, tty), from a Compose service. */
  config?: ContainerConfigExtras;
  /** Credentials of the first process, for the trace analysis. */
  uid: number;
  gid: number;
}

export interface ObserveOptions {
  purpose: 'profile' | 'verify' | 'seed' | 'survey';
  probes: RunProbe[];
  /** Observe for this long instead of waiting for probes. */
  durationSeconds?: number;
  timeoutSeconds: number;
  signal: AbortSignal;
  log: Logger;
  /** Omit to run without the tracer (an exact, untraced run). */
  tracer?: { bundle: TracerBundle; volume: string; outputVolume: string; traceFile: string };
  /** Give the tracer CAP_SYS_PTRACE so it can follow processes that change user (the app gets it too). */
  tracerNeedsPtrace: boolean;
  /** Also keep the raw trace in this file (for bug reports and recorded test data). */
  saveTraceTo?: string;
  /** Called with the created container before it starts (to look at its volumes as the app will find them). */
  beforeStart?: (containerId: string) => Promise<void>;
  /**
   * The image's files, for the trace analysis to judge each call's permissions. Called once the app
   * is up; a caller that started reading them earlier (beside the start) hands over that reading.
   */
  imageIndex?: () => Promise<ImageIndex>;
}

export interface ObservedRun {
  containerId: string;
  /** Seconds from start until every probe passed (or the observation time ended). */
  readySeconds: number;
  probeResults: Array<{ probe: RunProbe; outcome: ProbeOutcome }>;
  /** The probes as they ran: each `auto` probe as what it turned into (HTTP or TCP), for the manifest to record. */
  resolvedProbes: ProbeSpec[];
  stop: StopOutcome;
  facts?: TraceFacts;
  changes: FileChange[];
  logs: string[];
}

const PROBE_INTERVAL_MS = 100;

/**
 * Runs a container under observation: optionally traced, probed until the app is up (or for a
 * fixed time), then stopped the way `docker stop` does, still traced. Collects the trace, the
 * engine's filesystem changes and the last log lines. The caller owns cleanup through `resources`.
 * Fails with 'app-failed' when the app exits before it is up or the probes time out.
 */
export async function observeRun(
  engine: DockerEngine,
  resources: RunResources,
  spec: ObservedRunSpec,
  options: ObserveOptions,
): Promise<ObservedRun> {
  const tcpPorts = [...new Set(options.probes.flatMap((probe) => (probe.kind === 'exec' ? [] : [probe.port])))];
  const create = createOptions(spec, {
    labels: resources.labels(options.purpose),
    probedTcpPorts: tcpPorts,
    tracer: options.tracer,
    tracerNeedsPtrace: options.tracerNeedsPtrace,
  });
  const containerId = await engine.createContainer(create);
  resources.trackContainer(containerId);
  throwIfAborted(options.signal);
  await options.beforeStart?.(containerId);

  options.log.info(`starting ${spec.argv[0]}`);
  const startedAt = Date.now();
  await engine.startContainer(containerId);
  let exited: number | undefined;
  const exitWatch = engine.waitContainer(containerId).then((code) => {
    exited = code;
    return code;
  });
  const info = await engine.inspectContainer(containerId);
  const probeContext: ProbeContext = { engine, containerId, addresses: addressesFor(engine, info) };

  const { results: probeResults, failure } = await waitUntilReady(options, probeContext, () => exited, startedAt);
  const readySeconds = (Date.now() - startedAt) / 1000;
  const exitedEarly = exited !== undefined && !(options.durationSeconds !== undefined && exited === 0);
  if (exitedEarly || failure) {
    if (!exitedEarly) await engine.stopContainer(containerId, 1);
    const logs = await engine.logs(containerId, 20).catch(() => []);
    const facts = options.tracer ? await collectTrace(engine, containerId, spec, options, options.imageIndex?.()).catch(() => undefined) : undefined;
    const probes = options.probes.length ? ` (probes: ${options.probes.map(describeProbe).join(', ')})` : '';
    throw new AppFailedError(
      exitedEarly ? `The app exited with code ${exited} before it was up${probes}.` : (failure as string),
      logs.length ? ['last log lines:', ...logs.map((line) => `  ${line}`)] : ['the app printed nothing'],
      facts,
    );
  }
  options.log.info(options.durationSeconds !== undefined ? `observed for ${options.durationSeconds} s` : `app is up after ${readySeconds.toFixed(1)} s; stopping it with ${spec.stopSignal}`);
  const indexing = options.imageIndex?.();
  indexing?.catch(() => undefined);

  const stop = await stopGracefully(engine, containerId, spec, exitWatch, () => exited);
  const logs = await engine.logs(containerId, 50);
  const changes = await engine.changes(containerId);
  const facts = options.tracer ? await collectTrace(engine, containerId, spec, options, indexing) : undefined;
  const resolvedProbes = options.probes.map((probe) => (probe.kind === 'auto' ? (probeResults.find((result) => result.probe === probe)?.outcome.resolved ?? { kind: 'tcp' as const, port: probe.port }) : probe));
  return { containerId, readySeconds, probeResults, resolvedProbes, stop, facts, changes, logs };
}

function addressesFor(engine: DockerEngine, info: Awaited<ReturnType<DockerEngine['inspectContainer']>>) {
  const ip = Object.values(info.NetworkSettings?.Networks ?? {})[0]?.IPAddress;
  return (port: number): ProbeAddress[] => {
    const addresses: ProbeAddress[] = [];
    // On the host's network the app listens on the engine host itself.
    if (info.HostConfig?.NetworkMode === 'host') addresses.push({ host: engine.endpoint.local ? '127.0.0.1' : String(engine.endpoint.options.host ?? '127.0.0.1'), port, proxied: false });
    if (ip) addresses.push({ host: ip, port, proxied: false });
    // Published on the engine's loopback (publishedPorts): reachable from here only when the engine is local.
    const published = info.NetworkSettings?.Ports?.[`${port}/tcp`]?.[0]?.HostPort;
    if (published && engine.endpoint.local) addresses.push({ host: '127.0.0.1', port: Number(published), proxied: true });
    return addresses;
  };
}

async function waitUntilReady(
  options: ObserveOptions,
  context: ProbeContext,
  exitCode: () => number | undefined,
  startedAt: number,
): Promise<{ results: Array<{ probe: RunProbe; outcome: ProbeOutcome }>; failure?: string }> {
  const deadline = startedAt + options.timeoutSeconds * 1000;
  const report = throttledProgress(options.log);
  const elapsed = (): string => `${Math.floor((Date.now() - startedAt) / 1000)} s`;
  if (options.durationSeconds !== undefined) {
    const until = startedAt + options.durationSeconds * 1000;
    while (Date.now() < until && exitCode() === undefined) {
      throwIfAborted(options.signal);
      report(() => `observing the app (${elapsed()} of ${options.durationSeconds} s)`);
      if (Date.now() > deadline) break;
      await sleep(PROBE_INTERVAL_MS);
    }
    return { results: [] };
  }
  const passed = new Map<RunProbe, ProbeOutcome>();
  const lastFailure = new Map<RunProbe, ProbeOutcome>();
  for (;;) {
    throwIfAborted(options.signal);
    report(() => `waiting for ${options.probes.filter((probe) => !passed.has(probe)).map(describeProbe).join(', ')} (${elapsed()})`);
    if (exitCode() !== undefined) return { results: [...passed].map(([probe, outcome]) => ({ probe, outcome })) };
    for (const probe of options.probes) {
      if (passed.has(probe)) continue;
      const outcome = await runProbe(probe, context);
      if (outcome.ok && probe.kind === 'auto') options.log.info(outcome.detail);
      if (outcome.ok) passed.set(probe, outcome);
      else lastFailure.set(probe, outcome);
    }
    const results = options.probes.flatMap((probe) => (passed.has(probe) ? [{ probe, outcome: passed.get(probe) as ProbeOutcome }] : []));
    if (passed.size === options.probes.length) return { results };
    if (Date.now() > deadline) {
      const failing = options.probes.filter((probe) => !passed.has(probe));
      const why = failing.map((probe) => `${describeProbe(probe)} (${lastFailure.get(probe)?.detail ?? 'not tried'})`).join('; ');
      const remote = !context.engine.endpoint.local && failing.some((probe) => probe.kind !== 'exec');
      const hint = remote ? " On a remote engine tcp: and http: probes reach the app at the container's IP only; without a route to it from here, use an exec: probe." : '';
      return { results, failure: `The app was not up within ${options.timeoutSeconds} s: ${why}.${hint}` };
    }
    await sleep(PROBE_INTERVAL_MS);
  }
}

async function stopGracefully(
  engine: DockerEngine,
  containerId: string,
  spec: ObservedRunSpec,
  exitWatch: Promise<number>,
  exitCode: () => number | undefined,
): Promise<StopOutcome> {
  const started = Date.now();
  if (exitCode() === undefined) await engine.stopContainer(containerId, spec.stopTimeoutSeconds);
  const code = await exitWatch;
  const seconds = (Date.now() - started) / 1000;
  // docker stop escalates to SIGKILL (exit 137) only once the timeout has passed.
  const killed = code === 137 && seconds >= spec.stopTimeoutSeconds - 0.5 && spec.stopSignal !== 'SIGKILL';
  return { signal: spec.stopSignal, graceful: !killed, exitCode: code, seconds: Math.round(seconds * 100) / 100 };
}

/** Streams the trace file out of the stopped container and analyses it on the fly. */
async function collectTrace(
  engine: DockerEngine,
  containerId: string,
  spec: ObservedRunSpec,
  options: ObserveOptions,
  indexing: Promise<ImageIndex> | undefined,
): Promise<TraceFacts> {
  const traceFile = options.tracer?.traceFile ?? '';
  const saveTo = options.saveTraceTo;
  const index = await indexing;
  const archive = await engine.getArchive(containerId, `${TRACE_DIRECTORY}/${traceFile}`);
  if (!archive) throw new HardenError('tracer-unavailable', 'The tracer wrote no trace: it may not be able to run in this container (see the logs with --debug).');
  let facts: TraceFacts | undefined;
  const report = throttledProgress(options.log);
  await walkTar(archive, (header) =>
    header.type === 'file'
      ? async (content) => {
          options.log.info(`analysing the trace (${humanBytes(header.size)})`);
          const source = saveTo ? teeToFile(content, saveTo) : content;
          const start = { uid: spec.uid, gid: spec.gid, cwd: spec.workingDir || '/', stopSignal: spec.stopSignal, index };
          facts = await readTrace(Readable.from(source), start, (lines) => report(() => `analysing the trace: ${lines.toLocaleString('en-US')} lines`));
        }
      : undefined,
  );
  if (!facts) throw new HardenError('tracer-unavailable', 'The trace archive from the container was empty.');
  return facts;
}

/** Passes chunks through while writing them to `path`. */
async function* teeToFile(content: AsyncIterable<Buffer>, path: string): AsyncGenerator<Buffer> {
  const file = createWriteStream(path);
  try {
    for await (const chunk of content) {
      if (!file.write(chunk)) await once(file, 'drain');
      yield chunk;
    }
  } finally {
    file.end();
    await once(file, 'close');
  }
}

/**
 * Fills the tracer volume (read-only for the app) and the output volume (where strace writes) through
 * a container that is created but never started: putArchive works on it, so a remote engine works too.
 */
export async function deliverTracer(
  engine: DockerEngine,
  resources: RunResources,
  image: string,
  bundle: TracerBundle,
): Promise<{ volume: string; outputVolume: string }> {
  const volume = await resources.createVolume('tracer', 'tracer');
  const outputVolume = await resources.createVolume('trace', 'tracer');
  const loaderId = await engine.createContainer({
    Image: image,
    Entrypoint: [`${TRACER_MOUNT}/strace`],
    Cmd: [],
    Labels: resources.labels('tracer'),
    NetworkDisabled: true,
    HostConfig: {
      Mounts: [
        { Type: 'volume', Source: volume, Target: TRACER_MOUNT },
        { Type: 'volume', Source: outputVolume, Target: OUTPUT_MOUNT },
      ],
    },
  });
  resources.trackContainer(loaderId);
  try {
    await engine.putArchive(loaderId, TRACER_MOUNT, bundle.tar);
    await engine.putArchive(loaderId, OUTPUT_MOUNT, await packTar([{ name: 'trace', type: 'directory', mode: 0o1777 }]));
  } finally {
    await resources.removeContainer(loaderId);
  }
  return { volume, outputVolume };
}

/** The app died or never came up; carries what the tracer saw, so callers can name refused writes. */
export class AppFailedError extends HardenError {
  constructor(message: string, details: string[], readonly facts: TraceFacts | undefined) {
    super('app-failed', message, details);
  }
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw signal.reason instanceof HardenError ? signal.reason : new HardenError('interrupted', 'interrupted');
  }
}

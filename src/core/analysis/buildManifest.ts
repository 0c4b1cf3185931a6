import type { ImageInfo } from '../docker/dockerEngine';
import type { FileChange } from '../docker/dockerEngine';
import { DEFAULT_STOP_SIGNAL, DEFAULT_STOP_TIMEOUT_SECONDS } from '../docker/stopDefaults';
import type { AccountDatabase } from '../image/accountDatabase';
import type { ImageIndex } from '../image/imageIndex';
import {
  MANIFEST_SCHEMA_VERSION,
  type HardeningManifest,
  type ImageSummary,
  type PortUse,
  type ProbeSpec,
  type StopOutcome,
} from '../manifest/manifestTypes';
import type { TraceFacts } from '../trace/traceFacts';
import { capabilityNeeds } from './capabilityNeeds';
import { summarizeCapabilities } from './capabilities';
import { findComponents } from './components';
import { buildExecution } from './execChain';
import { ownInitProgram } from '../generate/imageInit';
import { decideInit } from './initDecision';
import { profileRefusals } from './profileRefusals';
import { logRefusals } from '../verify/logRefusals';
import { decideRunAs } from './runAsDecision';
import { findWritablePaths } from './writablePaths';

export interface ManifestInputs {
  reference: string;
  image: ImageInfo;
  overrides: HardeningManifest['profile']['overrides'];
  probes: ProbeSpec[];
  observeSeconds?: number;
  readySeconds: number | null;
  stop: StopOutcome;
  startedAt: Date;
  durationSeconds: number;
  tracer: string;
  facts: TraceFacts;
  changes: FileChange[];
  index: ImageIndex;
  accounts: AccountDatabase;
  startUid: number;
  startGid: number;
  /** Prefix for suggested volume names (the service name). */
  volumePrefix: string;
  /** The app's last log lines in the profile run. */
  logs?: readonly string[];
  toolVersion: string;
}

/** Turns what a profile run observed into the manifest every generator and `verify` read. */
export function buildManifest(inputs: ManifestInputs): HardeningManifest {
  const { facts, index } = inputs;
  const imageSummary = summarizeImage(inputs.reference, inputs.image);
  const warnings: string[] = [];
  const writable = findWritablePaths({
    facts,
    changes: inputs.changes,
    index,
    imageVolumes: imageSummary.volumes,
    volumePrefix: inputs.volumePrefix,
  });
  warnings.push(...writable.warnings);
  const runAs = decideRunAs({
    startUid: inputs.startUid,
    startGid: inputs.startGid,
    capabilities: capabilityNeeds(facts.capabilityUses, writable.paths),
    writablePaths: writable.paths,
    facts,
    index,
    accounts: inputs.accounts,
  });
  const { decision, writablePaths } = runAs;
  if (facts.tampering.length > 0) warnings.push(`The app changed the tracer's own files (${facts.tampering[0]}); the trace cannot be trusted.`);
  warnings.push(...facts.blindSpots);
  const probedPorts = inputs.probes.flatMap((probe) => (probe.kind === 'exec' ? [] : [probe.port]));
  const execution = buildExecution(facts, index, probedPorts);
  if (!execution) warnings.push('The trace shows no program being executed; the tracer may have failed to follow the app.');
  if (facts.unparsedLines > 0) warnings.push(`${facts.unparsedLines} trace line(s) could not be read.`);
  if (!inputs.stop.graceful) {
    warnings.push(`The app did not stop within ${imageSummary.stopTimeoutSeconds} s of ${inputs.stop.signal} and was killed; shutdown writes may be missing.`);
  }
  const refusals = profileRefusals(facts);
  const refusedInLogs = logRefusals(inputs.logs ?? []);
  const manifest: HardeningManifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    generator: { name: 'harden', version: inputs.toolVersion, createdAt: inputs.startedAt.toISOString() },
    image: imageSummary,
    profile: {
      startedAt: inputs.startedAt.toISOString(),
      durationSeconds: round(inputs.durationSeconds),
      overrides: inputs.overrides,
      probes: inputs.probes,
      ...(inputs.observeSeconds !== undefined ? { observeSeconds: inputs.observeSeconds } : {}),
      readySeconds: inputs.readySeconds === null ? null : round(inputs.readySeconds),
      stop: inputs.stop,
      trace: { tracer: inputs.tracer, lines: facts.lines, processes: facts.processes.size, execs: facts.execs.length },
      ...(refusals.length > 0 ? { refusals } : {}),
      ...(refusedInLogs.length > 0 ? { logRefusals: refusedInLogs } : {}),
    },
    writablePaths,
    execution: execution ?? {
      chain: [],
      main: { pid: 0, program: '', argv: [], uid: inputs.startUid, gid: inputs.startGid, env: [], workingDir: '/', runningUid: inputs.startUid, runningGid: inputs.startGid },
      programs: [],
    },
    components: findComponents(index, facts),
    capabilities: summarizeCapabilities(runAs.capabilities),
    ports: ports(facts),
    runAs: decision,
    warnings,
  };
  manifest.init = decideInit({ facts, stop: inputs.stop, containerUid: decision.uid, profileUid: inputs.startUid, ownInit: ownInitProgram(manifest) });
  return manifest;
}

export function summarizeImage(reference: string, image: ImageInfo): ImageSummary {
  const config = image.Config ?? ({} as NonNullable<ImageInfo['Config']>);
  const extra = config as { StopSignal?: string; StopTimeout?: number };
  return {
    reference,
    id: image.Id,
    entrypoint: asList(config.Entrypoint),
    cmd: asList(config.Cmd),
    env: config.Env ?? [],
    user: config.User ?? '',
    workingDir: config.WorkingDir ?? '',
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).sort(),
    volumes: Object.keys(config.Volumes ?? {}).map((path) => path.replace(/\/+$/, '') || '/').sort(),
    stopSignal: extra.StopSignal || DEFAULT_STOP_SIGNAL,
    stopTimeoutSeconds: extra.StopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS,
    os: image.Os,
    architecture: image.Architecture,
  };
}

function asList(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value !== '') return [value];
  return null;
}

function ports(facts: TraceFacts): PortUse[] {
  const seen = new Set<string>();
  const result: PortUse[] = [];
  for (const bind of facts.binds) {
    const key = `${bind.port}/${bind.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ port: bind.port, protocol: bind.protocol, program: bind.program, uid: bind.uid });
  }
  return result.sort((a, b) => a.port - b.port);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

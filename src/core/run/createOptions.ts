import type { ContainerCreateOptions } from '../docker/dockerEngine';
import type { TracerBundle } from '../tracer/tracerBundle';
import type { ObservedRunSpec } from './observedRun';
import { publishedPorts } from './publishedPorts';
import { OUTPUT_MOUNT, TRACER_MOUNT, tracedEntrypoint } from './tracerCommand';

export interface CreateContext {
  /** harden's own labels (owner, purpose): they win over the service's, cleanup depends on them. */
  labels: Record<string, string>;
  probedTcpPorts: readonly number[];
  tracer?: { bundle: TracerBundle; volume: string; outputVolume: string; traceFile: string };
  /** Give the tracer CAP_SYS_PTRACE (the app gets it too). */
  tracerNeedsPtrace: boolean;
}

/** The Engine's create body for an observed run: the spec as given, plus what observing it needs. */
export function createOptions(spec: ObservedRunSpec, context: CreateContext): ContainerCreateOptions {
  const hostConfig = { ...spec.hostConfig };
  const mounts = [...(hostConfig.Mounts ?? [])];
  let entrypoint = spec.argv;
  const { tracer } = context;
  if (tracer) {
    mounts.push(
      { Type: 'volume', Source: tracer.volume, Target: TRACER_MOUNT, ReadOnly: true },
      { Type: 'volume', Source: tracer.outputVolume, Target: OUTPUT_MOUNT, ReadOnly: false },
    );
    entrypoint = tracedEntrypoint(tracer.bundle, tracer.traceFile, spec.argv);
    if (context.tracerNeedsPtrace) hostConfig.CapAdd = [...new Set([...(hostConfig.CapAdd ?? []), 'SYS_PTRACE'])];
  }
  hostConfig.Mounts = mounts;
  const exposed: Record<string, object> = { ...spec.config?.ExposedPorts };
  // Without a network of its own there is nothing to publish: the engine refuses bindings then.
  if (hostConfig.NetworkMode === 'host' || hostConfig.NetworkMode === 'none') delete hostConfig.PortBindings;
  else {
    hostConfig.PortBindings = publishedPorts(spec.hostConfig.PortBindings ?? {}, context.probedTcpPorts);
    for (const port of Object.keys(hostConfig.PortBindings)) exposed[port] = {};
  }
  return {
    ...spec.config,
    Image: spec.image,
    Entrypoint: entrypoint.slice(0, 1),
    Cmd: entrypoint.slice(1),
    Env: spec.env,
    User: spec.user,
    WorkingDir: spec.workingDir || undefined,
    StopSignal: spec.stopSignal,
    StopTimeout: spec.stopTimeoutSeconds,
    ExposedPorts: exposed,
    Labels: { ...spec.config?.Labels, ...context.labels },
    HostConfig: hostConfig,
  };
}

import type { EngineHostConfig, EngineMount, PortBindings } from '../docker/dockerEngine';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { containerCommand } from '../run/containerCommand';
import type { ContainerConfigExtras, ObservedRunSpec } from '../run/observedRun';
import type { HardenedRunSpec, VolumeSpec } from './composeRunSpec';
import { refuseHostAccess } from './hostAccess';

export interface ContainerContext {
  /** The fresh engine volume for each named or anonymous volume, keyed by `volumeKey`. */
  volumeNames: ReadonlyMap<string, string>;
  /** The image's WORKDIR, for a service without working_dir (and for the trace analysis). */
  imageWorkingDir: string;
  /** The user agreed to what hostAccess(spec) lists; without it such a spec is refused. */
  allowHostAccess?: boolean;
}

/** How verify keys the fresh volume it creates for each volume of the service. */
export function volumeKey(volume: VolumeSpec): string {
  return volume.source || volume.target;
}

/**
 * The container a Compose service describes, as observeRun creates it. Where the service is
 * silent, what the profile overrode on its command line comes next, then the image.
 */
export function containerSpecFor(manifest: HardeningManifest, spec: HardenedRunSpec, context: ContainerContext): ObservedRunSpec {
  refuseHostAccess(spec, context.allowHostAccess);
  const { overrides } = manifest.profile;
  const argv = containerCommand({ entrypoint: spec.entrypoint ?? overrides.entrypoint, cmd: spec.command ?? overrides.cmd }, manifest.image);
  const uidGid = /^(\d+)(?::(\d+))?$/.exec(spec.user ?? '');
  return {
    image: spec.image,
    argv,
    env: lastWins([...overrides.env, ...(spec.env ?? [])]),
    user: spec.user ?? overrides.user ?? manifest.image.user,
    workingDir: spec.workingDir ?? context.imageWorkingDir,
    stopSignal: spec.stopSignal ?? manifest.image.stopSignal,
    stopTimeoutSeconds: spec.stopGracePeriodSeconds ?? manifest.image.stopTimeoutSeconds,
    hostConfig: hostConfigFor(spec, context.volumeNames),
    config: containerConfigFor(spec),
    uid: uidGid ? Number(uidGid[1]) : manifest.runAs.uid,
    gid: uidGid ? Number(uidGid[2] ?? uidGid[1]) : manifest.runAs.gid,
  };
}

function hostConfigFor(spec: HardenedRunSpec, volumeNames: ReadonlyMap<string, string>): EngineHostConfig {
  const { limits, namespaces } = spec;
  // systempaths=unconfined is the Docker CLI's and Compose's word for empty masked and read-only paths.
  const unmasked = spec.securityOpt.some((option) => /^systempaths[=:]unconfined$/.test(option));
  const binds = spec.volumes.filter((volume) => volume.kind === 'bind' && volume.createHostPath);
  const hostConfig: EngineHostConfig = {
    ReadonlyRootfs: spec.readOnly,
    Tmpfs: spec.tmpfs,
    Mounts: spec.volumes.filter((volume) => !binds.includes(volume)).map((volume) => mountFor(volume, volumeNames)),
    ...(binds.length > 0 ? { Binds: binds.map(bindFor) } : {}),
    CapDrop: spec.capDrop,
    CapAdd: spec.capAdd,
    SecurityOpt: spec.securityOpt.filter((option) => !/^systempaths[=:]/.test(option)),
    ...(unmasked ? { MaskedPaths: [], ReadonlyPaths: [] } : {}),
    Init: spec.init,
    Privileged: spec.privileged,
    GroupAdd: spec.groupAdd,
    Sysctls: spec.sysctls,
    Ulimits: spec.ulimits.map(({ name, soft, hard }) => ({ Name: name, Soft: soft, Hard: hard })),
    PortBindings: portBindingsFor(spec),
    ExtraHosts: spec.extraHosts,
    Dns: spec.dns,
    DnsSearch: spec.dnsSearch,
    DnsOptions: spec.dnsOptions,
    Devices: spec.devices.map((device) => ({ PathOnHost: device.pathOnHost, PathInContainer: device.pathInContainer, CgroupPermissions: device.permissions })),
    DeviceCgroupRules: spec.deviceCgroupRules,
    Memory: limits.memoryBytes,
    MemorySwap: limits.memorySwapBytes,
    MemoryReservation: limits.memoryReservationBytes,
    NanoCpus: limits.nanoCpus,
    CpuShares: limits.cpuShares,
    CpusetCpus: limits.cpuset,
    PidsLimit: limits.pidsLimit,
    OomScoreAdj: limits.oomScoreAdj,
    ShmSize: limits.shmSizeBytes,
    NetworkMode: namespaces.network,
    PidMode: namespaces.pid,
    IpcMode: namespaces.ipc,
    UTSMode: namespaces.uts,
    UsernsMode: namespaces.userns,
    CgroupnsMode: namespaces.cgroup,
    CgroupParent: spec.cgroupParent,
    Runtime: spec.runtime,
  };
  return defined(hostConfig);
}

function mountFor(volume: VolumeSpec, volumeNames: ReadonlyMap<string, string>): EngineMount {
  if (volume.kind === 'bind') {
    return { Type: 'bind', Source: volume.source, Target: volume.target, ReadOnly: volume.readOnly, ...(volume.propagation ? { BindOptions: { Propagation: volume.propagation } } : {}) };
  }
  const options = { ...(volume.noCopy ? { NoCopy: true } : {}), ...(volume.subpath ? { Subpath: volume.subpath } : {}) };
  return {
    Type: 'volume',
    Source: volumeNames.get(volumeKey(volume)) ?? '',
    Target: volume.target,
    ReadOnly: volume.readOnly,
    ...(Object.keys(options).length > 0 ? { VolumeOptions: options } : {}),
  };
}

/** The legacy `Binds` form creates a missing source folder, as Compose's short syntax does; Mounts refuse it. */
function bindFor(volume: VolumeSpec): string {
  const options = [volume.readOnly ? 'ro' : 'rw', ...(volume.propagation ? [volume.propagation] : []), ...(volume.selinux ? [volume.selinux] : [])];
  return `${volume.source}:${volume.target}:${options.join(',')}`;
}

function portBindingsFor(spec: HardenedRunSpec): PortBindings {
  const bindings: PortBindings = {};
  for (const port of spec.ports) {
    (bindings[`${port.target}/${port.protocol}`] ??= []).push({ HostIp: port.hostIp, HostPort: port.published });
  }
  return bindings;
}

function containerConfigFor(spec: HardenedRunSpec): ContainerConfigExtras {
  const exposed = Object.fromEntries([...spec.expose, ...spec.ports.map((port) => `${port.target}/${port.protocol}`)].map((port) => [port, {}]));
  const config: ContainerConfigExtras = {
    Hostname: spec.hostname,
    Domainname: spec.domainname,
    Labels: spec.labels,
    ExposedPorts: exposed,
    Tty: spec.tty,
    OpenStdin: spec.stdinOpen,
  };
  if (spec.healthcheck) {
    const { test, intervalNs, timeoutNs, startPeriodNs, startIntervalNs, retries } = spec.healthcheck;
    config.Healthcheck = defined({ Test: test, Interval: intervalNs, Timeout: timeoutNs, StartPeriod: startPeriodNs, StartInterval: startIntervalNs, Retries: retries });
  }
  return defined(config);
}

/** Unset fields stay out of the body, so the image's and the engine's defaults apply as under Compose. */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

/** One entry per variable, the last one winning: a service's own value beats the profile's. */
function lastWins(env: string[]): string[] {
  const byName = new Map<string, string>();
  for (const entry of env) {
    const equals = entry.indexOf('=');
    byName.set(equals === -1 ? entry : entry.slice(0, equals), entry);
  }
  return [...byName.values()];
}

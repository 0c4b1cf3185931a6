import Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { HardenError } from '../errors';
import { resolveDockerEndpoint, type DockerEndpoint } from './dockerEndpoint';

/** Host port bindings by container port (`80/tcp`), as the Engine's `HostConfig.PortBindings`. */
export type PortBindings = Record<string, Array<{ HostIp: string; HostPort: string }>>;

/** A mount as the Engine takes it: dockerode's types require every VolumeOptions field, the Engine none. */
export type EngineMount = Omit<Docker.MountSettings, 'VolumeOptions'> & { VolumeOptions?: { NoCopy?: boolean; Subpath?: string } };

/** dockerode's HostConfig with the fields its types lack (`CgroupnsMode`) or leave untyped. */
export type EngineHostConfig = Omit<Docker.HostConfig, 'Mounts' | 'PortBindings'> & {
  Mounts?: EngineMount[];
  PortBindings?: PortBindings;
  CgroupnsMode?: 'host' | 'private';
};

export type ContainerCreateOptions = Omit<Docker.ContainerCreateOptions, 'HostConfig'> & { HostConfig?: EngineHostConfig };
export type ImageInfo = Docker.ImageInspectInfo;
export type ContainerInfo = Docker.ContainerInspectInfo;

export interface FileChange {
  path: string;
  kind: 'modified' | 'added' | 'deleted';
}

/** One progress event of an Engine build. */
export interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export interface ExecResult {
  exitCode: number;
  output: string;
}

const CHANGE_KINDS: Record<number, FileChange['kind']> = { 0: 'modified', 1: 'added', 2: 'deleted' };

/**
 * The Engine calls harden makes, and nothing more: a thin adapter over dockerode, so the rest of
 * the core speaks in its own terms and one place knows the Engine API's quirks.
 */
export class DockerEngine {
  private readonly docker: Docker;

  constructor(readonly endpoint: DockerEndpoint) {
    this.docker = new Docker(endpoint.options);
  }

  async ping(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
      await Promise.race([this.docker.ping(), timeout]);
    } catch (error) {
      throw new HardenError(
        'engine-unreachable',
        `Cannot reach the Docker Engine at ${this.endpoint.host} (from ${this.endpoint.source}): ${explainConnectionError(error)}.`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async version(): Promise<{ apiVersion: string; version: string; os: string; arch: string }> {
    const version = await this.docker.version();
    return { apiVersion: version.ApiVersion, version: version.Version, os: version.Os, arch: version.Arch };
  }

  /** The image's configuration, or undefined when the engine has no such image. */
  async inspectImage(reference: string): Promise<ImageInfo | undefined> {
    try {
      return await this.docker.getImage(reference).inspect();
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async pullImage(reference: string, onProgress?: (line: string) => void): Promise<void> {
    const stream = (await this.docker.pull(reference)) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve()),
        (event: { status?: string; id?: string }) => onProgress?.(`${event.id ? `${event.id}: ` : ''}${event.status ?? ''}`),
      );
    });
  }

  /** Every image on the engine (the editor's picker lists the tagged ones). */
  async listImages(): Promise<Docker.ImageInfo[]> {
    return this.docker.listImages();
  }

  /** Images no tag names (a multi-stage build's stages under the classic builder). */
  async danglingImageIds(): Promise<string[]> {
    const images = await this.docker.listImages({ filters: JSON.stringify({ dangling: ['true'] }) });
    return images.map((image) => image.Id);
  }

  /** Removes an untagged image (and its untagged parents); one already gone is not an error. */
  async removeImage(id: string): Promise<void> {
    try {
      await this.docker.getImage(id).remove({ noprune: false });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  /**
   * Builds `dockerfile` (relative to `contextDir`, honouring .dockerignore) and tags it, reporting each
   * line of output. Resolves with the error the build reported, if any; aborting stops the build.
   */
  async buildImage(
    contextDir: string,
    entries: string[],
    options: { dockerfile: string; tag: string; signal: AbortSignal; onEvent: (event: BuildEvent) => void },
  ): Promise<string | undefined> {
    const stream = await this.docker.buildImage(
      { context: contextDir, src: entries },
      { t: options.tag, dockerfile: options.dockerfile, rm: true, forcerm: true, abortSignal: options.signal },
    );
    return new Promise<string | undefined>((resolve, reject) => {
      let reported: string | undefined;
      this.docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve(reported)),
        (event: BuildEvent) => {
          reported = event.error ?? event.errorDetail?.message ?? reported;
          options.onEvent(event);
        },
      );
    });
  }

  async createContainer(options: ContainerCreateOptions): Promise<string> {
    const container = await this.docker.createContainer(options as Docker.ContainerCreateOptions);
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.docker.getContainer(id).start();
  }

  async inspectContainer(id: string): Promise<ContainerInfo> {
    return this.docker.getContainer(id).inspect();
  }

  /** Resolves with the exit code once the container stops. */
  async waitContainer(id: string): Promise<number> {
    const result = (await this.docker.getContainer(id).wait()) as { StatusCode: number };
    return result.StatusCode;
  }

  /** `docker stop`: the image's stop signal, then SIGKILL after `timeoutSeconds`. */
  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutSeconds });
    } catch (error) {
      if (statusOf(error) !== 304) throw error; // 304: already stopped
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  async changes(id: string): Promise<FileChange[]> {
    const changes = ((await this.docker.getContainer(id).changes()) ?? []) as Array<{ Path: string; Kind: number }>;
    return changes.map((change) => ({ path: change.Path, kind: CHANGE_KINDS[change.Kind] ?? 'modified' }));
  }

  /** A tar stream of `path` inside the container (works on created and stopped containers too). */
  async getArchive(id: string, path: string): Promise<Readable | undefined> {
    try {
      return (await this.docker.getContainer(id).getArchive({ path })) as unknown as Readable;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Whether `path` exists in the container's filesystem (HEAD on the archive endpoint: nothing is copied). */
  async pathExists(id: string, path: string): Promise<boolean> {
    try {
      // dockerode hands back the (empty) response as a stream: left open, its socket keeps the process alive.
      const response = (await this.docker.getContainer(id).infoArchive({ path })) as unknown as Readable;
      response.destroy();
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  async putArchive(id: string, path: string, tar: Buffer): Promise<void> {
    await this.docker.getContainer(id).putArchive(tar, { path });
  }

  /** The container's whole filesystem as a tar stream. */
  async exportContainer(id: string): Promise<Readable> {
    return (await this.docker.getContainer(id).export()) as unknown as Readable;
  }

  /** The last `tail` lines of the container's output, stdout and stderr interleaved. */
  async logs(id: string, tail = 20): Promise<string[]> {
    const raw = (await this.docker.getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
    return demultiplex(raw)
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line !== '');
  }

  /** Runs argv inside the running container (exec form, no shell) and waits for it. */
  async exec(id: string, argv: string[], timeoutMs: number): Promise<ExecResult> {
    const exec = await this.docker.getContainer(id).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true });
    const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadWriteStream & { destroy?: () => void };
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', () => resolve());
      }),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          stream.destroy?.();
          resolve();
        }, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    const info = await exec.inspect();
    return { exitCode: info.Running ? -1 : info.ExitCode ?? -1, output: demultiplex(Buffer.concat(chunks)) };
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.docker.createVolume({ Name: name, Labels: labels });
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove({ force: true });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  async listContainersByLabel(label: string): Promise<Array<{ id: string; labels: Record<string, string> }>> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [label] } });
    return containers.map((container) => ({ id: container.Id, labels: container.Labels ?? {} }));
  }

  async listVolumesByLabel(label: string): Promise<Array<{ name: string; labels: Record<string, string> }>> {
    const result = await this.docker.listVolumes({ filters: { label: [label] } });
    return (result.Volumes ?? []).map((volume) => ({ name: volume.Name, labels: volume.Labels ?? {} }));
  }
}

/** Connects to the engine the environment names, and proves it answers. */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env): Promise<DockerEngine> {
  const engine = new DockerEngine(resolveDockerEndpoint(env));
  await engine.ping();
  return engine;
}

export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number((error as { statusCode: unknown }).statusCode)
    : undefined;
}

function explainConnectionError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
      return 'there is no socket at that path — is the Docker Engine running?';
    case 'EACCES':
      return 'permission denied on the socket — run as root or add your user to the docker group';
    case 'ECONNREFUSED':
      return 'connection refused — is the engine running and listening there?';
    case 'ENOTFOUND':
      return 'that host name does not resolve';
    case 'ETIMEDOUT':
      return 'the connection timed out';
    default:
      return message.split('\n')[0];
  }
}

/** Splits the Engine's multiplexed stdout/stderr frames (8-byte headers) back into text. */
export function demultiplex(raw: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  const looksFramed = raw.length >= 8 && raw[0] <= 2 && raw[1] === 0 && raw[2] === 0 && raw[3] === 0;
  if (!looksFramed) return raw.toString('utf8');
  while (offset + 8 <= raw.length) {
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

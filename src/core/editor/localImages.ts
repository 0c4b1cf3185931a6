import Docker from 'dockerode';
import { readdir } from 'node:fs/promises';
import { basename, dirname, relative } from 'node:path';
import type { DockerEndpoint } from '../docker/dockerEndpoint';
import { HardenError } from '../errors';

/*
 * The two Engine calls only the editor makes (list images for a picker, build a Dockerfile). They
 * talk to the same endpoint as the DockerEngine adapter; they belong in it once it grows them.
 */

export interface LocalImage {
  reference: string;
  id: string;
  /** Seconds since the epoch. */
  created: number;
  sizeBytes: number;
}

/** Tagged images on the engine, newest first; untagged layers are left out. */
export async function listLocalImages(endpoint: DockerEndpoint): Promise<LocalImage[]> {
  return taggedImages(await new Docker(endpoint.options).listImages());
}

export function taggedImages(images: readonly Pick<Docker.ImageInfo, 'Id' | 'RepoTags' | 'Created' | 'Size'>[]): LocalImage[] {
  return images
    .flatMap((image) =>
      (image.RepoTags ?? [])
        .filter((tag) => tag !== '<none>:<none>')
        .map((reference) => ({ reference, id: image.Id, created: image.Created, sizeBytes: image.Size })),
    )
    .sort((a, b) => b.created - a.created || a.reference.localeCompare(b.reference));
}

export interface BuildOptions {
  dockerfile: string;
  tag: string;
  signal: AbortSignal;
  /** Each line of build output, as `docker build` prints it. */
  onOutput: (line: string) => void;
}

/**
 * Builds the Dockerfile with its directory as the context (honouring .dockerignore) through the
 * Engine API, and tags the result. Aborting the signal closes the request, which stops the build.
 */
export async function buildDockerfile(endpoint: DockerEndpoint, options: BuildOptions): Promise<void> {
  const context = dirname(options.dockerfile);
  const docker = new Docker(endpoint.options);
  const stream = await docker.buildImage(
    { context, src: await readdir(context) },
    { t: options.tag, dockerfile: relative(context, options.dockerfile) || basename(options.dockerfile), rm: true, abortSignal: options.signal },
  );
  const failure = await new Promise<string | undefined>((resolve, reject) => {
    let reported: string | undefined;
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve(reported)),
      (event: BuildEvent) => {
        const text = event.error ?? event.errorDetail?.message;
        if (text) reported = text;
        for (const line of (event.stream ?? event.status ?? text ?? '').split('\n')) if (line.trim() !== '') options.onOutput(line.trimEnd());
      },
    );
  }).catch((error: unknown) => {
    if (options.signal.aborted) throw new HardenError('interrupted', 'interrupted');
    throw error;
  });
  if (failure) throw new HardenError('image-missing', `Building ${basename(options.dockerfile)} failed: ${failure.trim()}`);
}

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

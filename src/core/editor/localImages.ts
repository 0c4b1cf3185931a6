import type Docker from 'dockerode';
import { readdir } from 'node:fs/promises';
import { basename, dirname, relative } from 'node:path';
import type { DockerEndpoint } from '../docker/dockerEndpoint';
import { DockerEngine } from '../docker/dockerEngine';
import { HardenError } from '../errors';

/* The two things only the editor asks of the engine: the images for a picker, and a build of a Dockerfile. */

export interface LocalImage {
  reference: string;
  id: string;
  /** Seconds since the epoch. */
  created: number;
  sizeBytes: number;
}

/** Tagged images on the engine, newest first; untagged layers are left out. */
export async function listLocalImages(endpoint: DockerEndpoint): Promise<LocalImage[]> {
  return taggedImages(await new DockerEngine(endpoint).listImages());
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
  const failure = await new DockerEngine(endpoint)
    .buildImage(context, await readdir(context), {
      dockerfile: relative(context, options.dockerfile) || basename(options.dockerfile),
      tag: options.tag,
      signal: options.signal,
      onEvent: (event) => {
        const text = event.stream ?? event.status ?? event.error ?? event.errorDetail?.message ?? '';
        for (const line of text.split('\n')) if (line.trim() !== '') options.onOutput(line.trimEnd());
      },
    })
    .catch((error: unknown) => {
      if (options.signal.aborted) throw new HardenError('interrupted', 'interrupted');
      throw error;
    });
  if (failure) throw new HardenError('image-missing', `Building ${basename(options.dockerfile)} failed: ${failure.trim()}`);
}

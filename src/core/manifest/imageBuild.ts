import { dirname, join, relative, resolve, sep } from 'node:path';
import { readManifestFile } from './manifestFile';
import type { HardeningManifest, ImageBuild } from './manifestTypes';

/**
 * `image.build` for an image built from `dockerfile` with `context` (by default the Dockerfile's
 * folder, as the editor builds it), for a manifest written in `manifestDirectory`: the context
 * relative to that folder. All three absolute.
 */
export function imageBuildFor(manifestDirectory: string, dockerfile: string, context = dirname(dockerfile)): ImageBuild {
  return { context: toPosix(relative(manifestDirectory, context)) || '.', dockerfile: toPosix(relative(context, dockerfile)) };
}

/** The Dockerfile a manifest's image was built from, absolute, or undefined when Harden did not build it. */
export function dockerfileOf(manifest: HardeningManifest, manifestFile: string): string | undefined {
  const build = manifest.image.build;
  return build ? resolve(dirname(manifestFile), build.context, build.dockerfile) : undefined;
}

/** Was the manifest's image built from this Dockerfile? */
export function isBuiltFrom(manifest: HardeningManifest, manifestFile: string, dockerfile: string): boolean {
  return dockerfileOf(manifest, manifestFile) === resolve(dockerfile);
}

/**
 * Where an earlier profile in `outputDir` recorded `reference` was built from: a profile repeated
 * without --dockerfile (from its settings file, or the editor's Re-profile) keeps `build:` in Compose
 * and lint following it. A manifest of another image, or none that can be read, gives nothing.
 */
export async function recordedImageBuild(outputDir: string, reference: string): Promise<ImageBuild | undefined> {
  const earlier = await readManifestFile(join(outputDir, 'manifest.yaml')).catch(() => undefined);
  return earlier?.image.reference === reference ? earlier.image.build : undefined;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

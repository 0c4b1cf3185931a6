import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isBuiltFrom } from '../manifest/imageBuild';
import { readManifestFile } from '../manifest/manifestFile';
import type { HardeningManifest } from '../manifest/manifestTypes';

export interface DockerfileProfile {
  manifest: HardeningManifest;
  manifestFile: string;
}

/**
 * The profile of the image a Dockerfile builds: the first `<folder>/.harden/*∕manifest.yaml`, in
 * the folders given, whose `image.build` names that Dockerfile. A manifest that cannot be read is
 * not this Dockerfile's profile as far as anyone can tell: it is skipped.
 */
export async function findDockerfileProfile(dockerfile: string, folders: readonly string[]): Promise<DockerfileProfile | undefined> {
  for (const folder of [...new Set(folders)]) {
    const services = await readdir(join(folder, '.harden'), { withFileTypes: true }).catch(() => []);
    for (const service of services.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
      const manifestFile = join(folder, '.harden', service, 'manifest.yaml');
      const manifest = await readManifestFile(manifestFile).catch(() => undefined);
      if (manifest && isBuiltFrom(manifest, manifestFile, dockerfile)) return { manifest, manifestFile };
    }
  }
  return undefined;
}

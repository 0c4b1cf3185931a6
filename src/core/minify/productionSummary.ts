import type { ImageIndex } from '../image/imageIndex';
import type { HardeningManifest, ProductionImage } from '../manifest/manifestTypes';
import { imageSbom } from '../sbom/cyclonedxSbom';
import { readInstalledPackages } from '../sbom/packageDatabase';
import type { KeepDecision } from './keptFiles';

/** CycloneDX SBOMs of both images, from the development image's package databases. */
export function imageSboms(input: { index: ImageIndex; manifest: HardeningManifest; kept: KeepDecision; tag: string; productionId: string; toolVersion: string }): { development: ReturnType<typeof imageSbom>; production: ReturnType<typeof imageSbom> } {
  const { index, manifest } = input;
  const osRelease = index.content(index.realpath('/etc/os-release') ?? '/etc/os-release');
  const packages = readInstalledPackages(index.packageDatabaseFiles(), index, osRelease);
  const platform = { os: manifest.image.os, architecture: manifest.image.architecture };
  return {
    development: imageSbom({ packages, image: { reference: manifest.image.reference, id: manifest.image.id, ...platform }, toolVersion: input.toolVersion }),
    production: imageSbom({ packages, image: { reference: input.tag, id: input.productionId, ...platform }, toolVersion: input.toolVersion, kept: new Set(input.kept.kept.keys()) }),
  };
}

export function fileCounts(index: ImageIndex, kept: KeepDecision): ProductionImage['files'] {
  let keptFiles = 0;
  let dropped = 0;
  let keptBytes = 0;
  for (const entry of index.all()) {
    if (entry.type === 'directory') continue;
    if (kept.kept.has(entry.path)) {
      keptFiles += 1;
      keptBytes += entry.size;
    } else dropped += 1;
  }
  return { kept: keptFiles, dropped, keptBytes };
}

export function componentsOf(manifest: HardeningManifest, index: ImageIndex, kept: KeepDecision): Pick<ProductionImage, 'componentsRemoved' | 'componentsKept'> {
  const componentsRemoved: string[] = [];
  const componentsKept: string[] = [];
  for (const component of manifest.components) {
    const real = index.realpath(component.path) ?? component.path;
    if (!kept.kept.has(real) && !kept.kept.has(component.path)) componentsRemoved.push(`${component.name} (${component.category})`);
    else componentsKept.push(`${component.name} (${component.category}): ${kept.kept.get(real) ?? kept.kept.get(component.path)}`);
  }
  return { componentsRemoved, componentsKept };
}

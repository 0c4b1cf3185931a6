import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { productionApplyTargets } from '../core/editor/productionApplyTargets';
import { toProductionView, type ProductionOutput } from '../core/editor/productionView';
import type { ApplyTarget } from '../core/editor/applyTargets';
import { serviceNameFromImage } from '../core/generate/serviceName';
import { readManifestFile } from '../core/manifest/manifestFile';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import { PRODUCTION_CONTEXT_DIR, PRODUCTION_DOCKERFILE } from '../core/minify/productionDockerfile';
import { PRODUCTION_COMPOSE_FILE, PRODUCTION_MANIFEST_FILE } from '../core/minify/productionFiles';
import { PRODUCTION_VERIFY_RESULT_FILE } from '../core/verify/verifyResultFile';
import type { ProductionImageView } from '../protocol/previewProtocol';
import type { ManifestLocation } from './workspaceManifests';

/** What the profile folder holds of the production image, read fresh (minify may just have rewritten it). */
export async function readProductionOutput(location: ManifestLocation): Promise<ProductionOutput> {
  const dir = location.directory.fsPath;
  const text = (path: string): Promise<string | undefined> => readFile(join(dir, path), 'utf8').catch(() => undefined);
  const productionManifest = await readManifestFile(join(dir, PRODUCTION_MANIFEST_FILE)).catch(() => undefined);
  const [initConf, verifyText] = await Promise.all([text(`${PRODUCTION_CONTEXT_DIR}/init.conf`), text(PRODUCTION_VERIFY_RESULT_FILE)]);
  const present = await Promise.all([PRODUCTION_DOCKERFILE, PRODUCTION_COMPOSE_FILE, PRODUCTION_MANIFEST_FILE].map((path) => access(join(dir, path)).then(() => path, () => undefined)));
  return {
    files: present.filter((path): path is string => path !== undefined),
    ...(initConf !== undefined ? { initConf } : {}),
    ...(verifyText !== undefined ? { verifyText } : {}),
    ...(productionManifest ? { productionManifest } : {}),
  };
}

export async function productionViewOf(location: ManifestLocation, manifest: HardeningManifest): Promise<ProductionImageView> {
  return toProductionView(manifest, await readProductionOutput(location));
}

/**
 * Dockerfile.prod and compose.prod.yaml for Apply, only for a production image that is current
 * (built from this profile) and whose own verify passed; none otherwise.
 */
export async function productionTargetsFor(location: ManifestLocation, manifest: HardeningManifest, existingCompose: string | undefined): Promise<ApplyTarget[]> {
  const output = await readProductionOutput(location);
  const view = toProductionView(manifest, output);
  if (view.stale || !view.built?.verify?.passed || !output.productionManifest) return [];
  const dockerfile = await readFile(join(location.directory.fsPath, PRODUCTION_DOCKERFILE), 'utf8');
  const profileDir = location.relativePath.replace(/\/manifest\.yaml$/, '');
  return productionApplyTargets({
    service: serviceNameFromImage(manifest.image.reference),
    profileDir,
    dockerfile,
    productionManifest: output.productionManifest,
    ...(existingCompose !== undefined ? { existingCompose } : {}),
  });
}

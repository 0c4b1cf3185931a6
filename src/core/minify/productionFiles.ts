import { generateCompose } from '../generate/composeGenerator';
import { inFolder, type GeneratedFile } from '../generate/generateOptions';
import { generateKubernetes } from '../generate/kubernetesGenerator';
import { serviceNameFromImage } from '../generate/serviceName';
import type { HardeningManifest } from '../manifest/manifestTypes';

export const PRODUCTION_COMPOSE_FILE = 'compose.prod.yaml';
export const PRODUCTION_KUBERNETES_DIR = 'k8s-prod';
/** The manifest compose.prod.yaml and k8s-prod/ were generated from; verify of the production image reads it. */
export const PRODUCTION_MANIFEST_FILE = 'manifest.prod.yaml';

/**
 * compose.prod.yaml and k8s-prod/: the hardened settings for the production image (the same
 * service name and volumes as the development configuration, so the two are interchangeable).
 * `production` is the manifest productionManifest() derived; `developmentReference` names the service.
 */
export function productionFiles(production: HardeningManifest, options: { command: string; developmentReference: string; shownDir: string }): GeneratedFile[] {
  const settings = {
    command: options.command,
    outputDir: options.shownDir,
    manifestPath: inFolder(options.shownDir, PRODUCTION_MANIFEST_FILE),
    serviceName: serviceNameFromImage(options.developmentReference),
    composeFile: PRODUCTION_COMPOSE_FILE,
    kubernetesDir: PRODUCTION_KUBERNETES_DIR,
    imageInPatch: true,
  };
  return [{ path: PRODUCTION_COMPOSE_FILE, content: generateCompose(production, settings) }, ...generateKubernetes(production, settings)];
}

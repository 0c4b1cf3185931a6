import type { HardeningManifest } from '../manifest/manifestTypes';
import { COMPOSE_FILE_NAME, generateCompose } from './composeGenerator';
import type { GenerateOptions, GeneratedFile } from './generateOptions';
import { generateKubernetes } from './kubernetesGenerator';
import { generateReport, REPORT_FILE_NAME } from './reportGenerator';

/** Every file `harden profile` writes beside manifest.yaml, paths relative to the output directory. */
export function generateHardenedFiles(manifest: HardeningManifest, options: GenerateOptions = {}): GeneratedFile[] {
  return [
    { path: COMPOSE_FILE_NAME, content: generateCompose(manifest, options) },
    ...generateKubernetes(manifest, options),
    { path: REPORT_FILE_NAME, content: generateReport(manifest, options) },
  ];
}

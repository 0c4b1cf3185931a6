import { isMap, isScalar, type Document } from 'yaml';
import { COMPOSE_FILE_NAME, generateCompose } from '../generate/composeGenerator';
import type { GenerateOptions } from '../generate/generateOptions';
import { generateKubernetes } from '../generate/kubernetesGenerator';
import { serviceNameFromImage } from '../generate/serviceName';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { parseYamlText, portableYaml } from '../manifest/yamlText';

/** A file Apply writes, `path` relative to the workspace folder (forward slashes). */
export interface ApplyTarget {
  path: string;
  content: string;
}

export const APPLY_COMMAND = 'Harden: Apply Hardening';

/**
 * What Apply writes into the workspace folder for a manifest: the Compose override at the top
 * (`compose.hardened.yaml`, one service per applied manifest) and the Kubernetes files below
 * `k8s/<service>/`. Headers name `manifestPath`, the manifest's workspace-relative path.
 */
export function applyTargets(manifest: HardeningManifest, manifestPath: string, existingCompose?: string): ApplyTarget[] {
  const service = serviceNameFromImage(manifest.image.reference);
  // Written at the workspace folder's root, so every path in a comment starts from there.
  const options: GenerateOptions = { manifestPath, command: APPLY_COMMAND, serviceName: service, outputDir: '.', kubernetesDir: `k8s/${service}` };
  const compose = generateCompose(manifest, options);
  return [
    { path: COMPOSE_FILE_NAME, content: existingCompose === undefined ? compose : mergeComposeService(existingCompose, compose, service) },
    ...generateKubernetes(manifest, options),
  ];
}

/**
 * The workspace's Compose override with `service` replaced by the generated one, so applying a
 * second manifest keeps the services applied before. A file with no other service, or one that is
 * not a Compose mapping, is replaced whole: the diff preview shows what goes.
 */
export function mergeComposeService(existing: string, generated: string, service: string): string {
  let current: Document.Parsed;
  try {
    current = parseYamlText(existing, COMPOSE_FILE_NAME);
  } catch {
    return generated;
  }
  const services = current.get('services', true);
  if (!isMap(services)) return generated;
  const others = services.items.filter((pair) => !(isScalar(pair.key) && pair.key.value === service));
  if (others.length === 0) return generated;

  const fresh = parseYamlText(generated, COMPOSE_FILE_NAME);
  const freshService = fresh.getIn(['services', service], true);
  const freshServicePair = (fresh.get('services', true) as typeof services).items.find((pair) => isScalar(pair.key) && pair.key.value === service);
  const existingPair = services.items.find((pair) => isScalar(pair.key) && pair.key.value === service);
  if (existingPair) existingPair.value = freshService;
  else if (freshServicePair) services.items.push(freshServicePair);

  const freshVolumes = fresh.get('volumes', true);
  if (isMap(freshVolumes) && freshVolumes.items.length > 0) {
    const volumes = current.get('volumes', true);
    if (!isMap(volumes)) current.set('volumes', freshVolumes);
    else {
      for (const pair of freshVolumes.items) {
        if (!volumes.items.some((item) => isScalar(item.key) && isScalar(pair.key) && item.key.value === pair.key.value)) volumes.items.push(pair);
      }
    }
  }
  return portableYaml(current, { lineWidth: 0, flowCollectionPadding: false });
}

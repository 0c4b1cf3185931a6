import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

/**
 * Rules the API server enforces on a pod template that the OpenAPI schema cannot express
 * (k8s.io/kubernetes/pkg/apis/core/validation): names are DNS-1123 labels and unique, every mount
 * names a volume of the pod, a volume has exactly one source, a container has an image. A merged
 * Deployment that breaks one is refused by `kubectl patch` even though it matches the schema.
 */
export function podSpecProblems(pod: IPodSpec): string[] {
  const problems: string[] = [];
  const volumes = pod.volumes ?? [];
  problems.push(...nameProblems('volume', volumes.map((volume) => volume.name)));
  for (const volume of volumes) {
    const sources = Object.keys(volume).filter((key) => key !== 'name');
    if (sources.length !== 1) problems.push(`volume ${volume.name} has ${sources.length} sources (${sources.join(', ')}); it needs exactly one`);
  }
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  problems.push(...nameProblems('container', containers.map((container) => container.name)));
  for (const container of pod.containers) {
    if (!container.image) problems.push(`container ${container.name} has no image`);
    const mounts = container.volumeMounts ?? [];
    for (const mount of mounts) {
      if (!volumes.some((volume) => volume.name === mount.name)) problems.push(`container ${container.name} mounts ${mount.name}, which is not a volume of the pod`);
      if (!mount.mountPath.startsWith('/')) problems.push(`container ${container.name} mounts ${mount.name} at the relative path ${mount.mountPath}`);
    }
    for (const path of duplicates(mounts.map((mount) => mount.mountPath))) problems.push(`container ${container.name} mounts two volumes at ${path}`);
  }
  return problems;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A PVC's or a Deployment's name: a DNS-1123 subdomain (labels joined by dots, 253 characters at most). */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((label) => DNS_1123_LABEL.test(label));
}

function nameProblems(what: string, names: string[]): string[] {
  const invalid = names.filter((name) => !DNS_1123_LABEL.test(name)).map((name) => `${what} name ${JSON.stringify(name)} is not a DNS-1123 label`);
  return [...invalid, ...duplicates(names).map((name) => `two ${what}s are named ${name}`)];
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

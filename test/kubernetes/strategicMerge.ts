/**
 * `kubectl patch --type strategic` without a cluster, for a Deployment: what the API server does
 * with k8s/deployment-patch.yaml. No npm package implements strategic merge patch, so this is the
 * small part of it a Deployment needs (k8s.io/apimachinery/pkg/util/strategicpatch):
 * - maps merge recursively; a `null` in the patch deletes the key;
 * - a list with a merge key (the `patchMergeKey` tags of k8s.io/api) merges item by item: a patch
 *   item updates the item with the same key, or is appended;
 * - every other list is replaced whole (so `capabilities.drop` and `capabilities.add` are).
 * Directives (`$patch`, `$retainKeys`, `$setElementOrder/…`) are refused rather than misread:
 * the generator writes none, and a test here should notice if it starts to.
 */

/**
 * List fields of a Deployment that merge by key → the key. Keyed by field name alone: within a
 * Deployment each of these names occurs at one place only (containers' `ports` and `env`, the pod's
 * `volumes`, …). From the patchMergeKey tags of core/v1 PodSpec, Container and meta/v1 ObjectMeta.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  resourceClaims: 'name',
  schedulingGates: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  ports: 'containerPort',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ownerReferences: 'uid',
};

export type JsonMap = { [key: string]: unknown };

export class StrategicMergeError extends Error {}

export function strategicMerge(base: JsonMap, patch: JsonMap): JsonMap {
  return mergeMaps(base, patch, '');
}

function mergeMaps(base: JsonMap, patch: JsonMap, path: string): JsonMap {
  const merged: JsonMap = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const at = path ? `${path}.${key}` : key;
    if (key.startsWith('$')) throw new StrategicMergeError(`${at}: the patch directive ${key} is not supported here`);
    if (value === null) delete merged[key];
    else merged[key] = mergeValues(key, merged[key], value, at);
  }
  return merged;
}

function mergeValues(key: string, base: unknown, patch: unknown, path: string): unknown {
  if (isMap(base) && isMap(patch)) return mergeMaps(base, patch, path);
  const mergeKey = MERGE_KEYS[key];
  if (mergeKey !== undefined && Array.isArray(base) && Array.isArray(patch)) return mergeKeyedLists(base, patch, mergeKey, path);
  return structuredClone(patch);
}

function mergeKeyedLists(base: unknown[], patch: unknown[], mergeKey: string, path: string): unknown[] {
  const merged = base.map((item) => structuredClone(item));
  patch.forEach((item, index) => {
    const at = `${path}[${index}]`;
    if (!isMap(item) || item[mergeKey] === undefined) {
      throw new StrategicMergeError(`${at} has no ${mergeKey}, the merge key of ${path}`);
    }
    const match = merged.findIndex((candidate) => isMap(candidate) && candidate[mergeKey] === item[mergeKey]);
    if (match === -1) merged.push(mergeMaps({}, item, at));
    else merged[match] = mergeMaps(merged[match] as JsonMap, item, at);
  });
  return merged;
}

function isMap(value: unknown): value is JsonMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

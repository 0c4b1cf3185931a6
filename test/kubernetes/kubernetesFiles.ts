import { AssertionError } from 'node:assert';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { parse, parseAllDocuments } from 'yaml';
import type { HardeningManifest } from '../../src/core/manifest/manifestTypes';
import { isDnsSubdomain, podSpecProblems } from './apiServerRules';
import { baseDeployment } from './baseDeployment';
import { schemaProblems } from './kubernetesSchema';
import { claimedUnmetChecks, failedChecks, restrictedViolations } from './podSecurityRestricted';
import { strategicMerge, StrategicMergeError, type JsonMap } from './strategicMerge';

/** k8s/deployment-patch.yaml and, when there is data, k8s/persistent-volume-claims.yaml, as text. */
export interface KubernetesFiles {
  patch: string;
  claims?: string;
}

/**
 * Applies the patch to the Deployment a user has (strategic merge, as `kubectl patch` does), then
 * checks the result the way a cluster would and against what the manifest meant. Throws one
 * AssertionError listing every problem; returns the merged Deployment when there is none.
 */
export function assertKubernetesFiles(manifest: HardeningManifest, files: KubernetesFiles): JsonMap {
  const { merged, problems } = checkKubernetesFiles(manifest, files);
  if (problems.length > 0) {
    const claims = files.claims === undefined ? '' : `\n--- persistent-volume-claims.yaml\n${files.claims}`;
    throw new AssertionError({ message: `${problems.map((problem) => `- ${problem}`).join('\n')}\n--- deployment-patch.yaml\n${files.patch}${claims}` });
  }
  return merged;
}

export function checkKubernetesFiles(manifest: HardeningManifest, files: KubernetesFiles): { merged: JsonMap; problems: string[] } {
  const patch = parse(files.patch) as JsonMap;
  const name = (patch.metadata as { name?: string } | undefined)?.name ?? '';
  let merged: JsonMap;
  try {
    merged = strategicMerge(baseDeployment(name, manifest.image.reference), patch);
  } catch (error) {
    if (error instanceof StrategicMergeError) return { merged: patch, problems: [`strategic merge: ${error.message}`] };
    throw error;
  }
  const pod = (merged as { spec: { template: { spec: IPodSpec } } }).spec.template.spec;
  const problems = [
    ...schemaProblems('Deployment', merged).map((problem) => `Deployment schema: ${problem}`),
    ...podSpecProblems(pod).map((problem) => `API server: ${problem}`),
    ...restrictedClaimProblems(pod, files.patch),
    ...meaningProblems(manifest, pod),
    ...claimProblems(pod, files.claims),
  ];
  return { merged, problems };
}

/** Where the patch says nothing, the pod must meet "restricted"; where it says a check is not met, it is not. */
function restrictedClaimProblems(pod: IPodSpec, patchText: string): string[] {
  const violations = restrictedViolations(pod);
  const claimed = claimedUnmetChecks(patchText);
  if (JSON.stringify(failedChecks(violations)) === JSON.stringify(claimed)) return [];
  const says = claimed.length === 0 ? 'says the pod meets Pod Security "restricted"' : `says only ${claimed.join(', ')} of Pod Security "restricted" is not met`;
  return [`the patch ${says}, but the merged pod fails: ${violations.join('; ') || 'nothing'}`];
}

/** The merged pod keeps what Harden meant: read-only root, the traced capabilities only, a mount per writable path. */
function meaningProblems(manifest: HardeningManifest, pod: IPodSpec): string[] {
  const problems: string[] = [];
  const container = pod.containers.find((candidate) => candidate.image === manifest.image.reference);
  if (container === undefined) return [`no container runs ${manifest.image.reference}`];
  const context = container.securityContext ?? {};
  if (context.readOnlyRootFilesystem !== true) problems.push('the root filesystem is not read-only');
  if (context.allowPrivilegeEscalation !== false) problems.push('privilege escalation is not off');
  if (JSON.stringify(context.capabilities?.drop) !== '["ALL"]') problems.push(`capabilities.drop is ${JSON.stringify(context.capabilities?.drop)}, not [ALL]`);
  // Low ports are opened by the sysctl instead of NET_BIND_SERVICE (it works for non-root users too);
  // Kubernetes runs no init of its own, so KILL for an init is only needed for the image's own.
  const ownInitKill = manifest.init?.kind === 'image' && manifest.init.needsKill ? ['KILL'] : [];
  const traced = [...new Set([...manifest.capabilities.map((use) => use.capability).filter((name) => name !== 'NET_BIND_SERVICE'), ...ownInitKill])].sort();
  const added = [...(context.capabilities?.add ?? [])].sort();
  if (JSON.stringify(added) !== JSON.stringify(traced)) problems.push(`capabilities.add is [${added}], the trace used [${traced}]`);
  const lowPorts = manifest.ports.some((port) => port.port < 1024);
  const opensLowPorts = (pod.securityContext?.sysctls ?? []).some((sysctl) => sysctl.name === 'net.ipv4.ip_unprivileged_port_start' && sysctl.value === '0');
  if (lowPorts !== opensLowPorts) problems.push(lowPorts ? 'the app binds a port below 1024 and the pod does not open them' : 'the pod opens ports below 1024, which the app does not bind');
  if (manifest.runAs.nonRoot && (context.runAsNonRoot !== true || context.runAsUser !== manifest.runAs.uid)) {
    problems.push(`the container does not run as the non-root uid ${manifest.runAs.uid}`);
  }
  const mounts = new Map((container.volumeMounts ?? []).map((mount) => [mount.mountPath, pod.volumes?.find((volume) => volume.name === mount.name)]));
  for (const path of manifest.writablePaths) {
    const volume = mounts.get(path.path);
    mounts.delete(path.path);
    const { mount } = path;
    const meant = mount.type === 'tmpfs' ? 'an emptyDir in memory' : `the claim ${mount.name}`;
    const matches = mount.type === 'tmpfs' ? volume?.emptyDir?.medium === 'Memory' : volume?.persistentVolumeClaim?.claimName === mount.name;
    if (!matches) problems.push(`${path.path} should be ${meant}, and is ${volume ? JSON.stringify(volume) : 'not mounted'}`);
  }
  for (const path of mounts.keys()) problems.push(`${path} is mounted, but the manifest has no writable path there`);
  return problems;
}

/** Every claim the pod names is in the claims file, valid, and the file has no other. */
function claimProblems(pod: IPodSpec, claimsText: string | undefined): string[] {
  const named = (pod.volumes ?? []).flatMap((volume) => {
    const claim = volume.persistentVolumeClaim as { claimName?: string } | undefined;
    return claim?.claimName === undefined ? [] : [claim.claimName];
  });
  if (claimsText === undefined) return named.length === 0 ? [] : [`the pod uses the claims ${named.join(', ')}, and no claims file was written`];
  const problems: string[] = [];
  const claims = parseAllDocuments(claimsText).map((document) => document.toJS() as JsonMap);
  for (const claim of claims) {
    const claimName = String((claim.metadata as { name?: unknown } | undefined)?.name);
    problems.push(...schemaProblems('PersistentVolumeClaim', claim).map((problem) => `PersistentVolumeClaim ${claimName} schema: ${problem}`));
    if (!isDnsSubdomain(claimName)) problems.push(`PersistentVolumeClaim name ${JSON.stringify(claimName)} is not a DNS-1123 subdomain`);
  }
  const written = claims.map((claim) => String((claim.metadata as { name?: unknown } | undefined)?.name));
  if (JSON.stringify([...written].sort()) !== JSON.stringify([...named].sort())) {
    problems.push(`the claims file has [${written}], the pod uses [${named}]`);
  }
  return problems;
}

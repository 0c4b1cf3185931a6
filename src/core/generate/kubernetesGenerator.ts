import { Document, type YAMLMap } from 'yaml';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { portableYaml } from '../manifest/yamlText';
import { generatedByLine, inFolder, resolveGenerateOptions, type GenerateOptions, type GeneratedFile, type ResolvedGenerateOptions } from './generateOptions';
import { initDecision, kubernetesCapabilities, privilegedPorts, type CapabilityGrant } from './hardenedSettings';
import { persistentVolumeClaims } from './kubernetesClaims';
import { podVolumes, type PodVolume } from './podVolumes';
import { hiddenImageContent, writesInFewWords } from './writablePathNotes';
import { asComment, commentBeforeItem, commentBeforeKey, flowList, mapAt, seqAt } from './yamlNodes';

export const DEPLOYMENT_PATCH_PATH = 'k8s/deployment-patch.yaml';
export const CLAIMS_PATH = 'k8s/persistent-volume-claims.yaml';

/** The only capability Pod Security "restricted" lets a container add back. */
const RESTRICTED_ALLOWED_CAPABILITIES = new Set(['NET_BIND_SERVICE']);
/** A namespaced sysctl Kubernetes counts as safe (1.22+): what Docker sets in every container. */
const UNPRIVILEGED_PORTS_SYSCTL = 'net.ipv4.ip_unprivileged_port_start';

/** k8s/deployment-patch.yaml, plus k8s/persistent-volume-claims.yaml when the app has data paths. */
export function generateKubernetes(manifest: HardeningManifest, options: GenerateOptions = {}): GeneratedFile[] {
  const settings = resolveGenerateOptions(manifest, options);
  const volumes = podVolumes(manifest);
  const inKubernetesDir = (path: string): string => path.replace(/^k8s\//, `${settings.kubernetesDir}/`);
  const files = [{ path: inKubernetesDir(DEPLOYMENT_PATCH_PATH), content: deploymentPatch(manifest, settings, volumes) }];
  const claims = persistentVolumeClaims(manifest, settings, volumes);
  return claims === undefined ? files : [...files, { path: inKubernetesDir(CLAIMS_PATH), content: claims }];
}

function deploymentPatch(manifest: HardeningManifest, settings: ResolvedGenerateOptions, volumes: PodVolume[]): string {
  const { runAs } = manifest;
  const capabilities = kubernetesCapabilities(manifest);
  const lowPorts = privilegedPorts(manifest);
  const hasClaims = volumes.some((volume) => 'persistentVolumeClaim' in volume.source);
  const container = {
    name: settings.serviceName,
    ...(settings.imageInPatch ? { image: manifest.image.reference } : {}),
    securityContext: {
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      ...(runAs.nonRoot ? { runAsNonRoot: true, runAsUser: runAs.uid, runAsGroup: runAs.gid } : {}),
      capabilities: { drop: flowList(['ALL']), ...(capabilities.length > 0 ? { add: capabilities.map((grant) => grant.capability) } : {}) },
    },
    ...(volumes.length > 0 ? { volumeMounts: volumes.map((volume) => ({ name: volume.name, mountPath: volume.path.path })) } : {}),
  };
  const podSpec = {
    securityContext: {
      // fsGroup makes the claim's files group-owned by the app's group, since a PVC has no uid/gid option.
      ...(runAs.nonRoot && hasClaims ? { fsGroup: runAs.gid } : {}),
      seccompProfile: { type: 'RuntimeDefault' },
      ...(lowPorts.length > 0 ? { sysctls: [{ name: UNPRIVILEGED_PORTS_SYSCTL, value: '0' }] } : {}),
    },
    containers: [container],
    ...(volumes.length > 0 ? { volumes: volumes.map((volume) => ({ name: volume.name, ...volume.source })) } : {}),
  };
  const document = new Document({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: settings.serviceName },
    spec: { template: { spec: podSpec } },
  });
  document.commentBefore = asComment(patchHeader(manifest, settings));
  annotatePodSpec(mapAt(document, ['spec', 'template', 'spec']), manifest, capabilities, volumes);
  return portableYaml(document, { lineWidth: 0, flowCollectionPadding: false });
}

function patchHeader(manifest: HardeningManifest, settings: ResolvedGenerateOptions): string[] {
  return [
    generatedByLine(manifest, settings),
    `A strategic-merge patch for the Deployment that runs ${manifest.image.reference}. It matches the`,
    `container by name (${settings.serviceName}): rename it and metadata.name to yours, then apply it with`,
    `  kubectl patch deployment ${settings.serviceName} --patch-file ${inFolder(settings.outputDir, `${settings.kubernetesDir}/deployment-patch.yaml`)}`,
    'or list the file under `patches:` in kustomization.yaml.',
  ];
}

function annotatePodSpec(podSpec: YAMLMap, manifest: HardeningManifest, capabilities: CapabilityGrant[], volumes: PodVolume[]): void {
  const init = initDecision(manifest);
  if (init.kind === 'docker') {
    commentBeforeKey(podSpec, 'containers', [
      'Kubernetes has no `init: true`: ship an init such as tini as the image ENTRYPOINT, or set',
      'shareProcessNamespace: true so the pause container reaps zombies as PID 1.',
      ...(init.needsKill ? ['An init in the image needs KILL here too: the app switches to another uid.'] : []),
    ]);
  } else if (init.kind === 'none') {
    commentBeforeKey(podSpec, 'containers', [`The app is PID 1, as in Compose: ${init.reason}`]);
  }
  const lowPorts = privilegedPorts(manifest);
  if (lowPorts.length > 0) {
    commentBeforeKey(mapAt(podSpec, ['securityContext']), 'sysctls', [
      `The app binds ${lowPorts.map((port) => `${port.port}/${port.protocol}`).join(', ')}: this safe sysctl opens ports below 1024 to every user, as Docker`,
      'does in every container, so neither NET_BIND_SERVICE nor root is needed for it.',
    ]);
  }
  const container = mapAt(podSpec, ['containers', 0]);
  if (!manifest.runAs.nonRoot) {
    commentBeforeKey(container, 'securityContext', [
      `Pod Security "restricted" (runAsNonRoot) is not met: the app runs as root: ${manifest.runAs.reason}`,
    ]);
  }
  annotateCapabilities(mapAt(container, ['securityContext', 'capabilities']), capabilities);
  if (volumes.length === 0) return;
  const tmpfsCount = volumes.filter((volume) => 'emptyDir' in volume.source).length;
  if (tmpfsCount > 0) {
    commentBeforeKey(podSpec, 'volumes', [
      "An emptyDir has no tmpfs mode/uid/gid: it is created 0777 (no sticky bit), and runAsUser/fsGroup",
      'decide who owns what the app creates in it.',
    ]);
  }
  const list = seqAt(podSpec, ['volumes']);
  volumes.forEach((volume, index) => commentBeforeItem(list, index, volumeNotes(volume)));
}

function annotateCapabilities(capabilitiesNode: YAMLMap, capabilities: CapabilityGrant[]): void {
  if (capabilities.length === 0) return;
  const forbidden = capabilities.map((grant) => grant.capability).filter((capability) => !RESTRICTED_ALLOWED_CAPABILITIES.has(capability));
  if (forbidden.length > 0) {
    commentBeforeKey(capabilitiesNode, 'add', [
      `Pod Security "restricted" (capabilities_restricted) is not met: it allows adding only NET_BIND_SERVICE,`,
      `and the trace shows the app using ${forbidden.join(', ')}.`,
    ]);
  }
  const list = seqAt(capabilitiesNode, ['add']);
  capabilities.forEach((grant, index) => {
    commentBeforeItem(list, index, [`${grant.capability}: ${grant.why}`]);
  });
}

function volumeNotes(volume: PodVolume): string[] {
  const { path } = volume;
  const evidence = `${path.path} (${path.kind}): ${writesInFewWords(path)}`;
  if ('emptyDir' in volume.source) {
    const hidden = hiddenImageContent(path);
    return hidden ? [evidence, `The emptyDir ${hidden}.`] : [evidence];
  }
  const start =
    path.mount.type === 'volume' && path.mount.seededFromImage
      ? `A PVC starts empty, unlike a new Docker volume: copy the image's files at ${path.path} in with an init container, or let the app create them.`
      : 'The PVC starts empty; the image ships nothing the app needs here.';
  return [evidence, start];
}

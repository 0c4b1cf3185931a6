import { Document } from 'yaml';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { portableYaml } from '../manifest/yamlText';
import { generatedByLine, inFolder, type ResolvedGenerateOptions } from './generateOptions';
import type { PodVolume } from './podVolumes';
import { humanBytes } from './sizeUnits';
import { asComment, commentBeforeKey, flowList, mapAt } from './yamlNodes';

const GIB = 1024 ** 3;
/** The request grows with what the profile saw written, but never below 1Gi: a short run undercounts. */
const GROWTH_FACTOR = 10;

/** One PVC placeholder per data path, as a multi-document YAML file; undefined when there are none. */
export function persistentVolumeClaims(
  manifest: HardeningManifest,
  settings: ResolvedGenerateOptions,
  volumes: PodVolume[],
): string | undefined {
  const claims = volumes.filter((volume) => 'persistentVolumeClaim' in volume.source);
  if (claims.length === 0) return undefined;
  const documents = claims.map((volume, index) => {
    const document = new Document({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: volume.name },
      spec: { accessModes: flowList(['ReadWriteOnce']), resources: { requests: { storage: storageRequest(volume.path.evidence.bytes) } } },
    });
    const header = index === 0 ? [generatedByLine(manifest, settings), ...placeholderNote(settings)] : [];
    document.commentBefore = asComment([...header, `For ${volume.path.path} (${volume.path.kind}).`]);
    commentBeforeKey(mapAt(document, ['spec', 'resources', 'requests']), 'storage', [
      `placeholder: the profile saw ${humanBytes(volume.path.evidence.bytes)} written here`,
    ]);
    return portableYaml(document, { lineWidth: 0, flowCollectionPadding: false });
  });
  return documents.join('---\n');
}

function placeholderNote(settings: ResolvedGenerateOptions): string[] {
  return [
    'Placeholders, one claim per data path: set the size, and a storageClassName if the cluster has no',
    `default, before \`kubectl apply -f ${inFolder(settings.outputDir, `${settings.kubernetesDir}/persistent-volume-claims.yaml`)}\`.`,
  ];
}

function storageRequest(observedBytes: number): string {
  return `${Math.max(1, Math.ceil((observedBytes * GROWTH_FACTOR) / GIB))}Gi`;
}

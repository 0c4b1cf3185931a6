import type { HardeningManifest, WritablePath } from '../manifest/manifestTypes';
import { kubernetesQuantity } from './sizeUnits';
import { toDnsLabel } from './serviceName';

/** A writable path as a Kubernetes pod volume: an emptyDir in memory for a tmpfs, a PVC for a volume. */
export interface PodVolume {
  name: string;
  path: WritablePath;
  source: { emptyDir: { medium: 'Memory'; sizeLimit?: string } } | { persistentVolumeClaim: { claimName: string } };
}

export function podVolumes(manifest: HardeningManifest): PodVolume[] {
  const taken = new Set<string>();
  // Claims keep the name the manifest suggests; emptyDirs are named after their path and yield on a clash.
  for (const path of manifest.writablePaths) if (path.mount.type === 'volume') taken.add(path.mount.name);
  return manifest.writablePaths.map((path): PodVolume => {
    const { mount } = path;
    if (mount.type === 'volume') return { name: mount.name, path, source: { persistentVolumeClaim: { claimName: mount.name } } };
    const name = uniqueName(toDnsLabel(path.path) || 'root', taken);
    const sizeLimit = mount.sizeBytes > 0 ? { sizeLimit: kubernetesQuantity(mount.sizeBytes) } : {};
    return { name, path, source: { emptyDir: { medium: 'Memory', ...sizeLimit } } };
  });
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let suffix = 2; taken.has(name); suffix += 1) name = `${base.slice(0, 60)}-${suffix}`;
  taken.add(name);
  return name;
}

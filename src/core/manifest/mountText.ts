import { dockerSize } from '../generate/sizeUnits';
import type { TmpfsMount, VolumeMount } from './manifestTypes';

/**
 * A writable path's mount in one line, the same wherever it is shown (the CLI summary, the report,
 * the editor's preview): `tmpfs mode=1777 uid=0 gid=0 size=64m noexec`, `volume notes-data (seeded from the image)`.
 */
export function mountText(mount: TmpfsMount | VolumeMount): string {
  if (mount.type === 'volume') return `volume ${mount.name}${mount.seededFromImage ? ' (seeded from the image)' : ''}`;
  const size = mount.sizeBytes > 0 ? ` size=${dockerSize(mount.sizeBytes)}` : '';
  return `tmpfs mode=${mount.mode} uid=${mount.uid} gid=${mount.gid}${size}${mount.noexec ? ' noexec' : ''}`;
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ImageIndex, type ImageEntry } from '../../../src/core/image/imageIndex';

const RECORDED = join(__dirname, '..', 'fixtures', 'recorded', 'sbom');

/** Package database files recorded by scripts/record-sbom-data.ts, and the image they come from. */
export interface RecordedDatabases {
  /** Contents by absolute image path, as the image index keeps them. */
  files: Map<string, string>;
  index: ImageIndex;
  osRelease?: string;
}

export interface RecordedImage {
  reference: string;
  id: string;
  os: string;
  architecture: string;
}

/** redis: Debian's dpkg database of harden-fixture/redis:test; python: Python packages of a Debian host. */
export function loadDatabases(name: 'redis' | 'python'): RecordedDatabases {
  const index = loadIndex(name);
  const osRelease = index.content(index.realpath('/etc/os-release') ?? '/etc/os-release');
  return { files: readImageFiles(join(RECORDED, name, 'files')), index, osRelease };
}

/** bash as distroless images keep it (status.d), in the redis image's file tree. */
export function loadDistroless(): RecordedDatabases {
  return { files: readImageFiles(join(RECORDED, 'distroless', 'files')), index: loadIndex('redis') };
}

export function recordedImage(): RecordedImage {
  return JSON.parse(readFileSync(join(RECORDED, 'redis', 'image.json'), 'utf8')) as RecordedImage;
}

function loadIndex(name: string): ImageIndex {
  const snapshot = JSON.parse(readFileSync(join(RECORDED, name, 'index.json'), 'utf8')) as { entries: ImageEntry[]; contents: Record<string, string> };
  return ImageIndex.fromEntries(snapshot.entries, snapshot.contents);
}

/** Files below `root` by the image path they stand for (`%3A` in a name is a `:`). */
function readImageFiles(root: string, dir = root, files = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readImageFiles(root, path, files);
    else files.set(path.slice(root.length).replaceAll('%3A', ':'), readFileSync(path, 'utf8'));
  }
  return files;
}

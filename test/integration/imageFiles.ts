import { posix } from 'node:path';
import type { DockerEngine } from '../../src/core/docker/dockerEngine';
import { ImageIndex } from '../../src/core/image/imageIndex';

/** Every path of an image, from an export of a container created from it and never started. */
export async function imageFiles(engine: DockerEngine, image: string): Promise<ImageIndex> {
  const id = await engine.createContainer({ Image: image, Entrypoint: ['/never-started'], Cmd: [], NetworkDisabled: true });
  try {
    return await ImageIndex.fromTar(await engine.exportContainer(id));
  } finally {
    await engine.removeContainer(id);
  }
}

/** One line per path: type, owner, mode, size of regular files, link target — everything but times. */
export function fileList(index: ImageIndex): string[] {
  return [...index.all()]
    .map((entry) => `${entry.path} ${entry.type} ${entry.uid}:${entry.gid} ${entry.mode.toString(8).padStart(4, '0')}${entry.type === 'file' ? ` ${entry.size}` : ''}${entry.linkname ? ` -> ${entry.linkname}` : ''}`)
    .sort();
}

/** Where a Debian image keeps what a shell-less image must not have; /bin is a link to usr/bin there. */
const TOOL_PATHS = ['/bin/sh', '/bin/bash', '/bin/dash', '/usr/bin/sh', '/usr/bin/bash', '/usr/bin/dash', '/bin/busybox', '/usr/bin/busybox', '/usr/bin/apt', '/usr/bin/apt-get', '/usr/bin/dpkg', '/usr/bin/perl', '/usr/bin/curl'];
/** The same by name, wherever they are: any `*sh` in a bin directory, busybox, apt, dpkg, perl, curl. */
const TOOL_NAMES = /^(busybox|apt|apt-get|dpkg|perl(5[.\d]*)?|curl)$/;
const BIN_DIRECTORY = /^\/(usr\/)?(local\/)?s?bin$/;

/**
 * Shells, package managers, perl and curl an image has: each well-known path that resolves
 * (through its links, as the kernel would) to something, and every entry so named anywhere.
 */
export function shellsAndPackageTools(index: ImageIndex): string[] {
  const found = new Set<string>();
  for (const path of TOOL_PATHS) {
    const real = index.realpath(path);
    if (real !== undefined) found.add(real === path ? path : `${path} (${real})`);
  }
  for (const entry of index.all()) {
    if (entry.type === 'directory') continue;
    const name = posix.basename(entry.path);
    if (TOOL_NAMES.test(name) || (name.endsWith('sh') && BIN_DIRECTORY.test(posix.dirname(entry.path)))) found.add(entry.path);
  }
  return [...found].sort();
}

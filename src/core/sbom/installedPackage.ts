import { posix } from 'node:path';
import type { ImageIndex } from '../image/imageIndex';

export type PackageEcosystem = 'deb' | 'apk' | 'pypi';

/** A package an image's package database records as installed, with the files it put there. */
export interface InstalledPackage {
  ecosystem: PackageEcosystem;
  name: string;
  version: string;
  architecture?: string;
  /** The source package it was built from (dpkg `Source:`, apk `o:`), when the database names one. */
  sourcePackage?: string;
  /** As the database states it: an SPDX id or expression, or a free-text name. */
  license?: string;
  /**
   * Absolute paths where the package's files really are in the image (usrmerge: dpkg's `/bin/bash`
   * is `/usr/bin/bash`), sorted; only those present, no directories.
   */
  files: string[];
  purl: string;
}

/** What the readers ask the image: where a path really is, and what is there. */
export type ImagePaths = Pick<ImageIndex, 'realpath' | 'get'>;

/**
 * Where the files a package database lists really are, sorted and without repeats. The directory
 * part is resolved through the image's symlinks; the last component is not followed, because a
 * symlink a package ships (`/usr/share/doc/libfoo-dev` → `libfoo1`) is itself a file of that
 * package. Left out: paths the image lacks (docs removed by `path-exclude`), directories, and the
 * paths in `listedDirectories`, which the database lists with files below them: dpkg lists `/bin`
 * as a directory, though usrmerge made it a symlink since.
 */
export function locatePackageFiles(image: ImagePaths, listed: Iterable<string>, listedDirectories: ReadonlySet<string> = new Set()): string[] {
  const located = new Set<string>();
  for (const path of listed) {
    const normalized = posix.normalize(path);
    const location = listedDirectories.has(normalized) ? undefined : locateFile(image, normalized);
    if (location !== undefined) located.add(location);
  }
  return [...located].sort();
}

function locateFile(image: ImagePaths, path: string): string | undefined {
  const parent = image.realpath(posix.dirname(path));
  if (parent === undefined) return undefined;
  const location = posix.join(parent, posix.basename(path));
  const entry = image.get(location);
  return entry !== undefined && entry.type !== 'directory' ? location : undefined;
}

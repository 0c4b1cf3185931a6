import { isApkDatabaseFile, readApkPackages } from './apkDatabase';
import { isDpkgDatabaseFile, readDpkgPackages } from './dpkgDatabase';
import type { ImagePaths, InstalledPackage } from './installedPackage';
import { distroFrom } from './packageUrl';
import { isPythonMetadataFile, readPythonPackages } from './pythonDatabase';

export type { ImagePaths, InstalledPackage, PackageEcosystem } from './installedPackage';

/**
 * Whether the SBOM needs this image file's content: dpkg's status (or distroless status.d) and
 * file lists, apk's installed database, Python's dist-info/egg-info metadata and file lists.
 * The image index keeps the content of these during its one pass over the image.
 */
export function isPackageDatabaseFile(path: string): boolean {
  return isDpkgDatabaseFile(path) || isApkDatabaseFile(path) || isPythonMetadataFile(path);
}

/**
 * The packages the image's databases record as installed. `files` holds the contents of the files
 * `isPackageDatabaseFile` chose, by absolute path; `image` resolves where each listed file really
 * is; `osRelease` (/etc/os-release) names the distribution for the purls.
 */
export function readInstalledPackages(files: ReadonlyMap<string, string>, image: ImagePaths, osRelease?: string): InstalledPackage[] {
  const distro = distroFrom(osRelease);
  return [...readDpkgPackages(files, image, distro), ...readApkPackages(files, image, distro), ...readPythonPackages(files, image)];
}

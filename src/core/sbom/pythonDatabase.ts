import { posix } from 'node:path';
import { parseFieldParagraphs } from './fieldParagraphs';
import { locatePackageFiles, type ImagePaths, type InstalledPackage } from './installedPackage';
import { pypiPackageUrl } from './packageUrl';

/** A wheel's metadata and file list (paths relative to the site directory, the metadata's parent). */
const DIST_INFO = /\/(?:site|dist)-packages\/[^/]+\.dist-info\/(?:METADATA|RECORD)$/;
/** An older setuptools install: PKG-INFO, and installed-files.txt (relative to the .egg-info) when pip wrote one. */
const EGG_INFO = /\/(?:site|dist)-packages\/[^/]+\.egg-info\/(?:PKG-INFO|installed-files\.txt)$/;

export function isPythonMetadataFile(path: string): boolean {
  return DIST_INFO.test(path) || EGG_INFO.test(path);
}

export function readPythonPackages(files: ReadonlyMap<string, string>, image: ImagePaths): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const [path, text] of files) {
    const listed = listedFiles(path, files);
    if (listed === undefined) continue;
    const pkg = pythonPackage(text, locatePackageFiles(image, listed));
    if (pkg) packages.push(pkg);
  }
  return packages;
}

/** The files of the package whose metadata is at `path`; undefined when `path` is no package's metadata. */
function listedFiles(path: string, files: ReadonlyMap<string, string>): string[] | undefined {
  if (!isPythonMetadataFile(path)) return undefined;
  const sibling = (name: string): string | undefined => files.get(posix.join(posix.dirname(path), name));
  if (path.endsWith('.dist-info/METADATA')) return distInfoFiles(path, sibling('RECORD'));
  if (path.endsWith('.egg-info/PKG-INFO')) return eggInfoFiles(path, sibling('installed-files.txt'));
  return undefined;
}

/** RECORD is CSV `path,hash,size`; a path with a comma is quoted. Without a RECORD, the metadata alone. */
function distInfoFiles(metadataPath: string, record: string | undefined): string[] {
  if (record === undefined) return [metadataPath];
  const siteDirectory = posix.dirname(posix.dirname(metadataPath));
  return record
    .split('\n')
    .map(firstCsvField)
    .filter((path) => path !== '')
    .map((path) => posix.join(siteDirectory, path));
}

function eggInfoFiles(pkgInfoPath: string, installedFiles: string | undefined): string[] {
  const eggInfo = posix.dirname(pkgInfoPath);
  const listed = (installedFiles ?? '').split('\n').filter((line) => line.trim() !== '');
  return [pkgInfoPath, ...listed.map((path) => posix.join(eggInfo, path.trim()))];
}

function firstCsvField(line: string): string {
  if (!line.startsWith('"')) return line.split(',')[0].trim();
  const quoted = /^"((?:[^"]|"")*)"/.exec(line);
  return quoted ? quoted[1].replace(/""/g, '"') : '';
}

function pythonPackage(metadata: string, files: string[]): InstalledPackage | undefined {
  const fields = parseFieldParagraphs(metadata)[0] ?? new Map<string, string>();
  const [name, version] = [fields.get('Name'), fields.get('Version')];
  if (!name || !version) return undefined;
  return { ecosystem: 'pypi', name, version, license: pythonLicense(fields), files, purl: pypiPackageUrl(name, version) };
}

/**
 * `License-Expression` (metadata 2.4) is SPDX. `License` is free text: a one-line name is kept;
 * a whole license text pasted in (several lines) or `UNKNOWN` says nothing a reader could use.
 */
function pythonLicense(fields: Map<string, string>): string | undefined {
  const expression = fields.get('License-Expression');
  if (expression) return expression;
  const license = fields.get('License');
  return license && !license.includes('\n') && license !== 'UNKNOWN' ? license : undefined;
}

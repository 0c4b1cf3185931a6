import { PackageURL } from 'packageurl-js';

/** The distribution an image says it is (/etc/os-release `ID`, `VERSION_ID`). */
export interface Distro {
  id?: string;
  versionId?: string;
}

export function distroFrom(osRelease: string | undefined): Distro {
  const fields = new Map<string, string>();
  for (const line of (osRelease ?? '').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) fields.set(match[1], unquote(match[2]));
  }
  return { id: fields.get('ID') || undefined, versionId: fields.get('VERSION_ID') || undefined };
}

/**
 * The purl of a distribution package: `pkg:deb/debian/bash@5.2.15-2+b7?arch=amd64&distro=debian-12`.
 * The namespace is the distribution the image says it is (an Ubuntu image's packages are Ubuntu's),
 * `fallbackNamespace` when it does not say.
 */
export function distroPackageUrl(
  type: 'deb' | 'apk',
  distro: Distro,
  fallbackNamespace: string,
  pkg: { name: string; version: string; architecture?: string },
): string {
  const qualifiers: Record<string, string> = {};
  if (pkg.architecture) qualifiers.arch = pkg.architecture;
  if (distro.id && distro.versionId) qualifiers.distro = `${distro.id}-${distro.versionId}`;
  return new PackageURL(type, distro.id ?? fallbackNamespace, pkg.name, pkg.version, qualifiers, undefined).toString();
}

/** `pkg:pypi/<name>@<version>` with the name normalised as PEP 503 says (`Foo.Bar_baz` → `foo-bar-baz`). */
export function pypiPackageUrl(name: string, version: string): string {
  const normalised = name.toLowerCase().replace(/[-_.]+/g, '-');
  return new PackageURL('pypi', undefined, normalised, version, undefined, undefined).toString();
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2].replace(/\\(.)/g, '$1') : value;
}

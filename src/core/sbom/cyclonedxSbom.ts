import { randomUUID } from 'node:crypto';
import { Factories as LicenseFactories } from '@cyclonedx/cyclonedx-library/Contrib/License';
import { ComponentType } from '@cyclonedx/cyclonedx-library/Enums';
import { Bom, Component, ComponentRepository, Metadata, Property, PropertyRepository, Tools } from '@cyclonedx/cyclonedx-library/Models';
import { JSON as CycloneDxJson, JsonSerializer } from '@cyclonedx/cyclonedx-library/Serialize';
import { Spec1dot6 } from '@cyclonedx/cyclonedx-library/Spec';
import parseSpdxExpression from 'spdx-expression-parse';
import type { InstalledPackage } from './installedPackage';

/** Property names Harden adds to the CycloneDX document (README "SBOMs"). */
export const SBOM_PROPERTIES = {
  filesTotal: 'harden:files-total',
  filesKept: 'harden:files-kept',
  sourcePackage: 'harden:source-package',
  os: 'harden:os',
  architecture: 'harden:architecture',
  packagesKept: 'harden:packages-kept',
  packagesRemoved: 'harden:packages-removed',
} as const;

/**
 * An SPDX id (`MIT`), an SPDX expression (`MIT AND BSD-2-Clause`), or else the text as a named
 * license (`Modified BSD License`, apk's older `GPL2+`).
 */
const licenseFactory = new LicenseFactories.LicenseFactory((expression) => {
  parseSpdxExpression(expression);
});

export interface ImageSbomInput {
  packages: InstalledPackage[];
  image: { reference: string; id: string; os: string; architecture: string };
  toolVersion: string;
  /** Absolute paths present in the production image. Without it, the development SBOM: every package. */
  kept?: ReadonlySet<string>;
}

export interface ImageSbom {
  /** CycloneDX 1.6 JSON. */
  json: string;
  packagesKept: number;
  packagesRemoved: number;
  /** Distinct package files in the image the SBOM describes. */
  filesKept: number;
}

interface KeptPackage {
  pkg: InstalledPackage;
  keptFiles: string[];
}

/**
 * The SBOM of an image: every installed package (development), or with `kept` the production
 * image's, where a package is listed only when at least one of its files is still there, with how
 * many of its files are.
 */
export function imageSbom(input: ImageSbomInput): ImageSbom {
  const listed = keptPackages(input.packages, input.kept);
  const filesKept = new Set(listed.flatMap((entry) => entry.keptFiles)).size;
  const counts = { packagesKept: listed.length, packagesRemoved: input.packages.length - listed.length, filesKept };
  const bom = new Bom({
    serialNumber: `urn:uuid:${randomUUID()}`,
    metadata: new Metadata({
      timestamp: new Date(),
      tools: new Tools({ components: new ComponentRepository([hardenComponent(input.toolVersion)]) }),
      component: imageComponent(input.image),
      properties: input.kept ? countProperties(counts) : new PropertyRepository(),
    }),
    components: new ComponentRepository(listed.map((entry) => packageComponent(entry, input.kept !== undefined))),
  });
  // Lists stay in the order given (components by purl) so two runs differ only in serial and time.
  const json = new JsonSerializer(new CycloneDxJson.Normalize.Factory(Spec1dot6)).serialize(bom, { sortLists: false, space: 2 });
  return { json, ...counts };
}

function keptPackages(packages: InstalledPackage[], kept: ReadonlySet<string> | undefined): KeptPackage[] {
  return packages
    .map((pkg) => ({ pkg, keptFiles: kept ? pkg.files.filter((file) => kept.has(file)) : pkg.files }))
    .filter((entry) => kept === undefined || entry.keptFiles.length > 0)
    .sort((a, b) => compareText(a.pkg.purl, b.pkg.purl) || compareText(a.pkg.name, b.pkg.name));
}

function hardenComponent(version: string): Component {
  return new Component(ComponentType.Application, 'harden', { version });
}

function imageComponent(image: ImageSbomInput['image']): Component {
  return new Component(ComponentType.Container, image.reference, {
    // A bom-ref of its own; the serializer would make up a random one.
    bomRef: image.id,
    version: image.id,
    properties: properties([
      [SBOM_PROPERTIES.os, image.os],
      [SBOM_PROPERTIES.architecture, image.architecture],
    ]),
  });
}

function packageComponent({ pkg, keptFiles }: KeptPackage, production: boolean): Component {
  const component = new Component(ComponentType.Library, pkg.name, {
    bomRef: pkg.purl,
    version: pkg.version,
    purl: pkg.purl,
    properties: properties([
      [SBOM_PROPERTIES.sourcePackage, pkg.sourcePackage !== pkg.name ? pkg.sourcePackage : undefined],
      [SBOM_PROPERTIES.filesTotal, String(pkg.files.length)],
      [SBOM_PROPERTIES.filesKept, production ? String(keptFiles.length) : undefined],
    ]),
  });
  if (pkg.license) component.licenses.add(licenseFactory.makeFromString(pkg.license));
  return component;
}

function countProperties(counts: Omit<ImageSbom, 'json'>): PropertyRepository {
  return properties([
    [SBOM_PROPERTIES.packagesKept, String(counts.packagesKept)],
    [SBOM_PROPERTIES.packagesRemoved, String(counts.packagesRemoved)],
    [SBOM_PROPERTIES.filesKept, String(counts.filesKept)],
  ]);
}

function properties(pairs: Array<[string, string | undefined]>): PropertyRepository {
  return new PropertyRepository(pairs.flatMap(([name, value]) => (value === undefined ? [] : [new Property(name, value)])));
}

/** By code unit, not by locale: the same order on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Version } from '@cyclonedx/cyclonedx-library/Spec';
import { JsonStrictValidator } from '@cyclonedx/cyclonedx-library/Validation';
import { ImageIndex } from '../../../src/core/image/imageIndex';
import { imageSbom, SBOM_PROPERTIES } from '../../../src/core/sbom/cyclonedxSbom';
import { readInstalledPackages, type InstalledPackage } from '../../../src/core/sbom/packageDatabase';
import { loadRecording, recordedFacts } from '../recordedFixture';
import { dir, file } from '../imageEntries';
import { loadDatabases, recordedImage } from './recordedDatabases';

interface CdxProperty {
  name: string;
  value: string;
}
interface CdxComponent {
  type: string;
  name: string;
  version?: string;
  purl?: string;
  licenses?: Array<{ license?: { id?: string; name?: string }; expression?: string }>;
  properties?: CdxProperty[];
}
interface CdxDocument {
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp: string; tools: { components: CdxComponent[] }; component: CdxComponent; properties?: CdxProperty[] };
  components: CdxComponent[];
}

const validator = new JsonStrictValidator(Version.v1dot6);
const image = recordedImage();

function recordedPackages(): InstalledPackage[] {
  const redis = loadDatabases('redis');
  const python = loadDatabases('python');
  return [...readInstalledPackages(redis.files, redis.index, redis.osRelease), ...readInstalledPackages(python.files, python.index)];
}

/** Alpine packages from the hand-written apk database (see packageDatabase.test.ts), for their licenses. */
function apkPackages(): InstalledPackage[] {
  const installed = readFileSync(join(__dirname, '..', 'fixtures', 'apk', 'installed'), 'utf8');
  const index = ImageIndex.fromEntries([dir('/'), dir('/lib'), file('/lib/ld-musl-x86_64.so.1'), dir('/etc'), dir('/etc/ssl'), dir('/etc/ssl/certs'), file('/etc/ssl/certs/ca-certificates.crt')]);
  return readInstalledPackages(new Map([['/lib/apk/db/installed', installed]]), index);
}

function property(component: { properties?: CdxProperty[] }, name: string): string | undefined {
  return component.properties?.find((candidate) => candidate.name === name)?.value;
}

function component(document: CdxDocument, name: string): CdxComponent {
  const found = document.components.find((candidate) => candidate.name === name);
  assert.ok(found, `no component ${name}`);
  return found;
}

describe('imageSbom: the development SBOM', () => {
  const packages = recordedPackages();
  const sbom = imageSbom({ packages, image, toolVersion: '0.1.0' });
  const document = JSON.parse(sbom.json) as CdxDocument;

  it('is valid CycloneDX 1.6', async () => {
    assert.equal(document.specVersion, '1.6');
    assert.equal(await validator.validate(sbom.json), null);
  });

  it('lists every package, ordered by purl', () => {
    const purls = document.components.map((entry) => entry.purl ?? '');
    assert.equal(purls.length, packages.length);
    assert.deepEqual(purls, [...purls].sort());
    assert.deepEqual({ kept: sbom.packagesKept, removed: sbom.packagesRemoved }, { kept: packages.length, removed: 0 });
    assert.equal(property(component(document, 'coreutils'), SBOM_PROPERTIES.filesTotal), String(packages.find((pkg) => pkg.name === 'coreutils')?.files.length));
    assert.equal(property(component(document, 'coreutils'), SBOM_PROPERTIES.filesKept), undefined);
  });

  it('describes the image as a container, made by harden, with a serial number and a time', () => {
    const { metadata } = document;
    assert.deepEqual([metadata.component.type, metadata.component.name, metadata.component.version], ['container', image.reference, image.id]);
    assert.equal(property(metadata.component, SBOM_PROPERTIES.os), 'linux');
    assert.equal(property(metadata.component, SBOM_PROPERTIES.architecture), 'amd64');
    assert.deepEqual(metadata.tools.components.map((tool) => [tool.name, tool.version]), [['harden', '0.1.0']]);
    assert.match(document.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(Date.now() - Date.parse(metadata.timestamp) < 60_000);
    assert.equal(metadata.properties, undefined);
  });

  it('differs between two runs only in serial number and time', () => {
    const again = JSON.parse(imageSbom({ packages: [...packages].reverse(), image, toolVersion: '0.1.0' }).json) as CdxDocument;
    assert.notEqual(again.serialNumber, document.serialNumber);
    const comparable = (bom: CdxDocument): unknown => ({ ...bom, serialNumber: '', metadata: { ...bom.metadata, timestamp: '' } });
    assert.deepEqual(comparable(again), comparable(document));
  });

  it('gives licenses as SPDX ids, expressions, or names', async () => {
    const withLicenses = imageSbom({ packages: [...packages, ...apkPackages()], image, toolVersion: '0.1.0' });
    const bom = JSON.parse(withLicenses.json) as CdxDocument;
    assert.deepEqual(component(bom, 'musl').licenses, [{ license: { id: 'MIT' } }]);
    assert.deepEqual(component(bom, 'ca-certificates-bundle').licenses, [{ expression: 'MPL-2.0 AND MIT' }]);
    assert.deepEqual(component(bom, 'distro').licenses, [{ license: { name: 'Apache License, Version 2.0' } }]);
    assert.equal(component(bom, 'bash').licenses, undefined, 'Debian’s copyright files are free text');
    assert.equal(await validator.validate(withLicenses.json), null);
  });

  it('is rejected by the validator once a required field is gone (the check can fail)', async () => {
    const broken = JSON.parse(sbom.json) as { components: Array<Partial<CdxComponent>> };
    delete broken.components[0].name;
    assert.notEqual(await validator.validate(JSON.stringify(broken)), null);
  });
});

describe('imageSbom: the production SBOM', () => {
  const packages = recordedPackages();

  it('keeps only packages with a kept file and says how many of their files are kept', async () => {
    const libc = packages.find((pkg) => pkg.name === 'libc6');
    const kept = new Set(['/usr/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/libm.so.6', '/usr/bin/redis-check-rdb', '/etc/redis/redis.conf']);
    const sbom = imageSbom({ packages, image, toolVersion: '0.1.0', kept });
    const document = JSON.parse(sbom.json) as CdxDocument;
    assert.deepEqual(document.components.map((entry) => entry.name), ['libc6', 'redis-server', 'redis-tools']);
    assert.deepEqual({ kept: sbom.packagesKept, removed: sbom.packagesRemoved, files: sbom.filesKept }, { kept: 3, removed: packages.length - 3, files: 4 });
    const libcComponent = component(document, 'libc6');
    assert.equal(property(libcComponent, SBOM_PROPERTIES.filesKept), '2');
    assert.equal(property(libcComponent, SBOM_PROPERTIES.filesTotal), String(libc?.files.length));
    assert.deepEqual(document.metadata.properties, [
      { name: SBOM_PROPERTIES.packagesKept, value: '3' },
      { name: SBOM_PROPERTIES.packagesRemoved, value: String(packages.length - 3) },
      { name: SBOM_PROPERTIES.filesKept, value: '4' },
    ]);
    assert.equal(await validator.validate(sbom.json), null);
  });

  it('finds bash by /usr/bin/bash although dpkg lists /bin/bash (usrmerge)', () => {
    const document = JSON.parse(imageSbom({ packages, image, toolVersion: '0.1.0', kept: new Set(['/usr/bin/bash']) }).json) as CdxDocument;
    assert.deepEqual(document.components.map((entry) => [entry.name, property(entry, SBOM_PROPERTIES.filesKept)]), [['bash', '1']]);
  });

  it('from the files redis used in its recorded run: its own packages and libc, no shell', async () => {
    const recording = loadRecording('redis');
    const facts = await recordedFacts(recording);
    // What a minified image keeps: each used path, and where its symlinks lead.
    const used = [...facts.reads.keys(), ...facts.execs.map((exec) => exec.program)];
    const kept = new Set(used.flatMap((path) => [path, recording.index.realpath(path) ?? path]));
    const names = (JSON.parse(imageSbom({ packages, image, toolVersion: '0.1.0', kept }).json) as CdxDocument).components.map((entry) => entry.name);
    assert.deepEqual(names, ['libc6', 'redis-server', 'redis-tools']);
  });
});

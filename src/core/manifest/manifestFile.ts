import { readFile } from 'node:fs/promises';
import { Document } from 'yaml';
import { fileErrorReason, HardenError } from '../errors';
import { asComment } from '../generate/yamlNodes';
import { assertMatchesSchema } from './manifestSchema';
import { MANIFEST_SCHEMA_VERSION, type HardeningManifest } from './manifestTypes';
import { parseYamlText, portableYaml } from './yamlText';

/** Reads and checks a manifest.yaml; every failure is one HardenError('manifest-invalid') sentence. */
export async function readManifestFile(path: string): Promise<HardeningManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new HardenError('manifest-invalid', `Cannot read the manifest ${path}: ${fileErrorReason(error)}.`);
  }
  return parseManifest(text, path);
}

/** Parses manifest YAML (or JSON, which is YAML too); `sourceName` is how messages name the file. */
export function parseManifest(text: string, sourceName: string): HardeningManifest {
  const value: unknown = parseYamlText(text, sourceName).toJS();
  assertSupportedVersion(value, sourceName);
  assertMatchesSchema(value, sourceName);
  return value;
}

function assertSupportedVersion(value: unknown, sourceName: string): void {
  const expected = `this version of harden reads schemaVersion ${MANIFEST_SCHEMA_VERSION}`;
  if (value === null || value === undefined) {
    throw new HardenError('manifest-invalid', `${sourceName} is empty; ${expected}.`);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new HardenError('manifest-invalid', `${sourceName} is not a harden manifest (expected a YAML mapping); ${expected}.`);
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) {
    throw new HardenError('manifest-invalid', `${sourceName} has no schemaVersion; ${expected}.`);
  }
  if (version !== MANIFEST_SCHEMA_VERSION) {
    const shown = typeof version === 'number' ? String(version) : JSON.stringify(version);
    throw new HardenError('manifest-invalid', `${sourceName} has schemaVersion ${shown}; ${expected}.`, [
      'Run `harden profile` again with this version of harden, or use the harden version that wrote it.',
    ]);
  }
}

/**
 * The YAML text of a manifest, headed by a comment naming the command that produced it.
 * Checked against the schema first, so a bug upstream fails here and not at the next read.
 */
export function manifestToYaml(manifest: HardeningManifest, producedBy = defaultProducer(manifest)): string {
  assertMatchesSchema(manifest, 'the manifest to write');
  const document = new Document(manifest, { aliasDuplicateObjects: false });
  document.commentBefore = asComment([
    `Written by \`${producedBy}\` (harden ${manifest.generator.version}, ${manifest.generator.createdAt}).`,
    `The generated configs and \`harden verify\` read this file; its format, schemaVersion ${manifest.schemaVersion},`,
    'is described in README.md ("The manifest") and in manifest.schema.json.',
  ]);
  // lineWidth 0: never fold long strings (argv, evidence), so the file diffs line by line.
  return portableYaml(document, { lineWidth: 0 });
}

export function manifestToJson(manifest: HardeningManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function defaultProducer(manifest: HardeningManifest): string {
  return `harden profile ${manifest.image.reference}`;
}

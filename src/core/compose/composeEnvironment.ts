import { readFileSync, realpathSync, statSync } from 'node:fs';
import type { ComposeField } from './composeFields';
import { parseEnvFile, type EnvFileFormat } from './envFile';
import { hostPath, isInside, type ProjectPaths } from './projectPaths';

export interface EnvFileSource {
  /** Resolved against the Compose file's folder, as Compose does. */
  path: string;
  /** Outside that folder once links are followed: a host file whose content the container gets. */
  outsideProject: boolean;
}

export interface ServiceEnvironment {
  /** `KEY=value`, one per variable: `environment` over `env_file`, a later env file over an earlier one. */
  env?: string[];
  envFiles: EnvFileSource[];
}

/** `environment:` and `env_file:`, merged with Compose's precedence. */
export function readServiceEnvironment(definition: Record<string, unknown>, field: ComposeField, project: ProjectPaths): ServiceEnvironment {
  const variables = new Map<string, string>();
  const envFiles: EnvFileSource[] = [];
  for (const { entry, reference } of envFileReferences(definition.env_file, field.child('env_file'))) {
    const loaded = loadEnvFile(reference, entry, project);
    if (!loaded) continue;
    envFiles.push(loaded.source);
    for (const [key, value] of loaded.entries) variables.set(key, value);
  }
  for (const [key, value] of environmentEntries(definition.environment, field.child('environment'))) variables.set(key, value);
  const present = definition.environment !== undefined && definition.environment !== null;
  if (!present && envFiles.length === 0) return { envFiles };
  return { env: [...variables].map(([key, value]) => `${key}=${value}`), envFiles };
}

/** A variable without a value takes it from Compose's own environment; verify must not pass harden's on. */
function withoutValue(field: ComposeField, key: string): never {
  return field.fail(`gives ${key} no value, which Compose would copy from the environment it runs in and harden does not pass on: write ${key}=value`);
}

function environmentEntries(value: unknown, field: ComposeField): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      const text = field.child(index).text(item);
      const equals = text.indexOf('=');
      return equals === -1 ? withoutValue(field.child(index), text) : [text.slice(0, equals), text.slice(equals + 1)];
    });
  }
  return Object.entries(field.mapping(value)).map(([key, item]) =>
    item === null || item === undefined ? withoutValue(field.child(key), key) : [key, field.child(key).text(item)],
  );
}

interface EnvFileReference {
  path: string;
  required: boolean;
  format: EnvFileFormat;
}

/** `env_file: a.env`, a list of paths, or (Compose >= 2.24) `{path, required, format}` items. */
function envFileReferences(value: unknown, field: ComposeField): Array<{ entry: ComposeField; reference: EnvFileReference }> {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, index) => {
    const entry = Array.isArray(value) ? field.child(index) : field;
    if (typeof item !== 'object' || item === null) return { entry, reference: { path: entry.text(item), required: true, format: 'compose' } };
    const long = entry.knownMapping(item, ['path', 'required', 'format']);
    if (long.format !== undefined && entry.child('format').text(long.format) !== 'raw') {
      entry.child('format').fail('must be raw, or be left out for the .env syntax');
    }
    const format: EnvFileFormat = long.format === undefined ? 'compose' : 'raw';
    const required = long.required === undefined ? true : entry.child('required').flag(long.required);
    return { entry, reference: { path: entry.child('path').text(long.path), required, format } };
  });
}

function loadEnvFile(reference: EnvFileReference, field: ComposeField, project: ProjectPaths) {
  const path = hostPath(reference.path, project);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    if (!reference.required) return undefined;
    return field.fail(`names ${reference.path}, which does not exist (${path})`);
  }
  // A FIFO or a device would block or never end: Compose files from elsewhere must not hang harden.
  if (!isFile) return field.fail(`names ${reference.path}, which is not a regular file`);
  const parsed = parseEnvFile(readFileSync(path, 'utf8'), reference.format);
  if (!parsed.ok) return field.fail(`names ${reference.path}, whose line ${parsed.line} ${parsed.problem}`);
  return { source: { path, outsideProject: !isInside(realPath(path), realPath(project.directory)) }, entries: parsed.entries };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

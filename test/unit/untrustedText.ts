import { spawnSync } from 'node:child_process';

/**
 * What the tests look for in generated files and log lines, written out here independently of
 * src/core/text/printable.ts: C0 controls but the line feed that ends a line, DEL, C1 (NEL among
 * them), U+2028/U+2029, bidi embeddings, overrides and isolates, and the BOM.
 */
const RAW_UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

/** Each raw unprintable character in `text`, as `line N: U+XXXX`; empty when the text is clean. */
export function rawUnprintables(text: string): string[] {
  return text.split('\n').flatMap((line, index) =>
    [...line.matchAll(RAW_UNPRINTABLE)].map((match) => `line ${index + 1}: U+${match[0].codePointAt(0)?.toString(16).padStart(4, '0')}`),
  );
}

/** `value` with every unprintable character in every string (keys included) replaced by `_`. */
export function sanitized<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, item: unknown) => {
    if (typeof item === 'string') return item.replace(RAW_UNPRINTABLE, '_');
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key.replace(RAW_UNPRINTABLE, '_'), entry]));
    }
    return item;
  }) as T;
}

const PYYAML_READER = `
import json, sys
try:
    import yaml
except ImportError:
    print("null")
    sys.exit(0)

def read(text):
    try:
        return list(yaml.safe_load_all(text))
    except yaml.YAMLError as error:
        return {"error": str(error).splitlines()[0]}

print(json.dumps([read(text) for text in json.load(sys.stdin)], default=str))
`;

/**
 * Each text as PyYAML (the YAML 1.1 reader of Compose 1.x; Debian's python3-yaml) reads it: its
 * documents, or `{ error }` when PyYAML rejects it. Undefined when python3 or PyYAML is missing.
 * One python3 process for all the texts: starting it is the slow part.
 */
export function readWithPyYaml(texts: string[]): unknown[] | undefined {
  const result = spawnSync('python3', ['-c', PYYAML_READER], { input: JSON.stringify(texts), encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return (JSON.parse(result.stdout) as unknown[] | null) ?? undefined;
}

import { parseDocument, type Document, type Scalar, type ScalarTag, type SchemaOptions, type ToStringOptions } from 'yaml';
import { HardenError } from '../errors';
import { hasUnprintable, printable } from '../text/printable';

/**
 * Parses YAML that harden reads (manifest.yaml, compose files); a syntax error becomes one
 * HardenError('manifest-invalid') sentence with its line. Warnings (unknown tags such as Compose's
 * `!override`) are left to the caller. Compose files need `merge: true`: Compose reads `<<: *anchor`.
 */
export function parseYamlText(text: string, sourceName: string, options: Pick<SchemaOptions, 'merge'> = {}): Document.Parsed {
  const document = parseDocument(text, { ...options, prettyErrors: true });
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const position = syntaxError.linePos?.[0];
    const where = position ? ` at line ${position.line}, column ${position.col}` : '';
    const what = syntaxError.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new HardenError('manifest-invalid', `${sourceName} is not valid YAML${where}: ${what}.`);
  }
  return document;
}

const STRING_TAG = 'tag:yaml.org,2002:str';

/**
 * The text of a YAML file harden writes, which every reader (YAML 1.2, and YAML 1.1 such as PyYAML
 * in Compose 1.x) reads back as the same keys and values. The `yaml` package writes NEL, U+2028,
 * U+2029, DEL and C1 controls raw, even inside double quotes; YAML 1.1 reads the first three as line
 * breaks and the others are not allowed in a YAML file at all. A string holding any character
 * `printable` escapes is written double-quoted with those characters escaped instead.
 */
export function portableYaml(document: Document, options: ToStringOptions): string {
  const portable = document.clone();
  portable.schema.tags = portable.schema.tags.map((tag) => (tag.tag === STRING_TAG && !tag.collection ? escapingStringTag(tag) : tag));
  return portable.toString(options);
}

function escapingStringTag(tag: ScalarTag): ScalarTag {
  return {
    ...tag,
    stringify(item: Scalar, ctx, onComment, onChompKeep) {
      const value = item.value;
      if (typeof value === 'string' && hasUnprintable(value)) return `"${printable(value.replace(/[\\"]/g, '\\$&'))}"`;
      if (tag.stringify) return tag.stringify(item, ctx, onComment, onChompKeep);
      throw new Error('internal: the YAML string tag has no stringify');
    },
  };
}

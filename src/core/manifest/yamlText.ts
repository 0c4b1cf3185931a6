import { parseDocument, type Document, type SchemaOptions } from 'yaml';
import { HardenError } from '../errors';

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

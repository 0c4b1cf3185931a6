import { posix } from 'node:path';
import type { WritablePath } from '../manifest/manifestTypes';
import { humanBytes } from './sizeUnits';

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Distinct writer programs by basename, for short notes: `nginx`, `python3.12 and gunicorn`. */
export function writerNames(path: WritablePath): string {
  const names = [...new Set(path.evidence.writers.map((writer) => posix.basename(writer.program)))];
  if (names.length === 0) return 'nobody seen';
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The evidence for a writable path in a few words, for a comment above its mount. */
export function writesInFewWords(path: WritablePath): string {
  const { evidence } = path;
  const fsyncs = evidence.fsyncs > 0 ? `, ${plural(evidence.fsyncs, 'fsync')}` : '';
  const example = evidence.examples.length > 0 ? `, e.g. ${evidence.examples[0]}` : '';
  return `${plural(evidence.files, 'file')}, ${humanBytes(evidence.bytes)}${fsyncs} written by ${writerNames(path)}${example}`;
}

/** Said of a tmpfs: it covers what the image ships at the path. Empty when the image ships nothing. */
export function hiddenImageContent(path: WritablePath): string | undefined {
  const { files, readByApp } = path.imageContent;
  if (files === 0) return undefined;
  const read = readByApp > 0 ? ` (the app read ${readByApp})` : '';
  return `hides ${plural(files, 'file')} the image ships here${read}`;
}

import { gunzipSync, gzipSync } from 'node:zlib';
import { IMAGE_INDEX_VERSION, ImageIndex, type ImageEntry, type ImageEntryType } from './imageIndex';

/** Names what the file is, so a stray file in the cache folder is never taken for an index. */
const FORMAT = 'harden-image-index';

const TYPE_LETTERS: Record<ImageEntryType, string> = { file: 'f', directory: 'd', symlink: 'l', hardlink: 'h', other: 'o' };
const LETTER_TYPES = new Map(Object.entries(TYPE_LETTERS).map(([type, letter]) => [letter, type as ImageEntryType]));

/**
 * An index as stored: one column per field, so 40 000 entries carry no repeated key names and
 * gzip finds the shared path prefixes. Contents (the account files, the package databases) are
 * base64, as they are bytes.
 */
interface StoredIndex {
  format: typeof FORMAT;
  version: number;
  imageId: string;
  paths: string[];
  /** One letter per entry (TYPE_LETTERS). */
  types: string;
  modes: number[];
  uids: number[];
  gids: number[];
  sizes: number[];
  /** [entry number, link target] for the entries that have one. */
  links: Array<[number, string]>;
  contents: Array<[string, string]>;
  shebangs: Array<[string, string]>;
  loaders: Array<[string, string]>;
}

/** The bytes of an image's index for the cache: gzip'd JSON (gzip's CRC also catches a damaged file). */
export function encodeImageIndex(imageId: string, index: ImageIndex): Buffer {
  const data = index.toData();
  const stored: StoredIndex = {
    format: FORMAT,
    version: IMAGE_INDEX_VERSION,
    imageId,
    paths: data.entries.map((entry) => entry.path),
    types: data.entries.map((entry) => TYPE_LETTERS[entry.type]).join(''),
    modes: data.entries.map((entry) => entry.mode),
    uids: data.entries.map((entry) => entry.uid),
    gids: data.entries.map((entry) => entry.gid),
    sizes: data.entries.map((entry) => entry.size),
    links: data.entries.flatMap((entry, number): Array<[number, string]> => (entry.linkname === undefined ? [] : [[number, entry.linkname]])),
    contents: [...data.contents].map(([path, content]) => [path, content.toString('base64')]),
    shebangs: [...data.shebangs],
    loaders: [...data.loaders],
  };
  return gzipSync(JSON.stringify(stored), { level: 6 });
}

/**
 * The index stored in `bytes`, checked field by field before it is believed; throws when the
 * bytes are damaged, of another format version or of another image.
 */
export function decodeImageIndex(imageId: string, bytes: Buffer): ImageIndex {
  const stored = JSON.parse(gunzipSync(bytes).toString('utf8')) as Partial<StoredIndex>;
  if (stored.format !== FORMAT) throw new Error('not a harden image index');
  if (stored.version !== IMAGE_INDEX_VERSION) throw new Error(`index format ${String(stored.version)}, not ${IMAGE_INDEX_VERSION}`);
  if (stored.imageId !== imageId) throw new Error(`an index of ${String(stored.imageId)}, not of ${imageId}`);
  const paths = stringList(stored.paths, 'paths');
  const count = paths.length;
  const modes = numberList(stored.modes, count, 'modes');
  const uids = numberList(stored.uids, count, 'uids');
  const gids = numberList(stored.gids, count, 'gids');
  const sizes = numberList(stored.sizes, count, 'sizes');
  if (typeof stored.types !== 'string' || stored.types.length !== count) throw new Error('types do not match the paths');
  const links = new Map(pairList(stored.links, 'links').map(([number, target]) => [Number(number), String(target)]));
  const entries = paths.map((path, number): ImageEntry => {
    const type = LETTER_TYPES.get((stored.types as string)[number]);
    if (!type) throw new Error(`entry ${path} has an unknown type`);
    const linkname = links.get(number);
    return { path, type, mode: modes[number], uid: uids[number], gid: gids[number], size: sizes[number], ...(linkname === undefined ? {} : { linkname }) };
  });
  return ImageIndex.fromData({
    entries,
    contents: new Map(pairList(stored.contents, 'contents').map(([path, base64]) => [String(path), Buffer.from(String(base64), 'base64')])),
    shebangs: new Map(pairList(stored.shebangs, 'shebangs').map(([path, line]) => [String(path), String(line)])),
    loaders: new Map(pairList(stored.loaders, 'loaders').map(([path, loader]) => [String(path), String(loader)])),
  });
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error(`${name} is not a list of strings`);
  return value as string[];
}

function numberList(value: unknown, count: number, name: string): number[] {
  if (!Array.isArray(value) || value.length !== count || !value.every((item) => Number.isSafeInteger(item))) throw new Error(`${name} do not match the paths`);
  return value as number[];
}

function pairList(value: unknown, name: string): Array<[unknown, unknown]> {
  if (!Array.isArray(value) || !value.every((item) => Array.isArray(item) && item.length === 2)) throw new Error(`${name} is not a list of pairs`);
  return value as Array<[unknown, unknown]>;
}

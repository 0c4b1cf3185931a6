import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';

export interface TarEntryInput {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  content?: Buffer;
  /** A symlink's target. */
  linkname?: string;
  /** Owner and time; root and the epoch when left out. */
  uid?: number;
  gid?: number;
  mtime?: Date;
}

export interface TarHeader {
  name: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  linkname?: string;
}

/** Packs entries (owned by root unless they say otherwise) into an in-memory tar, the body the Engine's putArchive wants. */
export async function packTar(entries: TarEntryInput[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: entry.name,
        type: entry.type,
        mode: entry.mode,
        linkname: entry.linkname,
        uid: entry.uid ?? 0,
        gid: entry.gid ?? 0,
        mtime: entry.mtime ?? new Date(0),
      };
      pack.entry(header, entry.type === 'file' ? entry.content ?? Buffer.alloc(0) : '', (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/**
 * Walks a tar stream entry by entry without holding it in memory. `onEntry` sees each header and
 * may return a consumer for the entry's content; otherwise the content is skipped.
 */
export async function walkTar(
  input: Readable,
  onEntry: (header: TarHeader) => ((content: AsyncIterable<Buffer>) => Promise<void>) | undefined,
): Promise<void> {
  const extract = tar.extract();
  input.on('error', (error) => extract.destroy(error));
  input.pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract) {
    const raw = entry.header;
    const consume = onEntry({
      name: raw.name,
      type: raw.type ?? 'file',
      mode: raw.mode ?? 0,
      uid: raw.uid ?? 0,
      gid: raw.gid ?? 0,
      size: raw.size ?? 0,
      linkname: raw.linkname ?? undefined,
    });
    if (consume) await consume(entry as AsyncIterable<Buffer>);
    entry.resume();
  }
}

/** Reads a stream to the end, keeping at most `limit` bytes. */
export async function readStream(stream: AsyncIterable<unknown>, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    if (size < limit) chunks.push(buffer.subarray(0, Math.max(0, limit - size)));
    size += buffer.length;
  }
  return Buffer.concat(chunks);
}

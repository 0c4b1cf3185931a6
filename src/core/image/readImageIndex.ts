import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { DockerEngine } from '../docker/dockerEngine';
import { humanBytes } from '../generate/sizeUnits';
import { throttledProgress, type Logger } from '../logger';
import { ImageIndex } from './imageIndex';
import type { CachedIndexSource, ImageIndexCache } from './imageIndexCache';

export interface ImageIndexRequest {
  imageId: string;
  /** A created, never-started container of the image: its export is the image's root filesystem. */
  containerId: string;
  /** The image's size, so reading its export can say how far it is. */
  imageBytes: number;
  cache: ImageIndexCache;
  log: Logger;
  /** Aborting it stops reading the export (the caller is removing the container). */
  signal: AbortSignal;
}

export interface ReadImageIndex {
  index: ImageIndex;
  /** Where it came from: the image's export, or the cache. */
  source: 'image' | CachedIndexSource;
  seconds: number;
}

/**
 * The image's index from the cache when an earlier run read this image already, else from one
 * streamed pass over the container's export (then cached), saying how far the pass is.
 */
export async function readImageIndex(engine: DockerEngine, request: ImageIndexRequest): Promise<ReadImageIndex> {
  const { log } = request;
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const cached = await request.cache.load(request.imageId);
  if (cached.ignored) log.debug(`the cached index of ${request.imageId} was not used (${cached.ignored}); reading the image again`);
  if (cached.index && cached.source) {
    log.info(`image files from the cache (${cached.index.size.toLocaleString('en-US')} entries, ${seconds().toFixed(1)} s)`);
    return { index: cached.index, source: cached.source, seconds: seconds() };
  }
  const total = humanBytes(request.imageBytes);
  log.info(`reading the image's files (${total})`);
  const exported = await engine.exportContainer(request.containerId);
  const stopReading = (): void => {
    exported.destroy(new Error('reading the image was stopped'));
  };
  request.signal.addEventListener('abort', stopReading, { once: true });
  try {
    const report = throttledProgress(log);
    const counted = countBytes(exported, (read) =>
      report(() => `reading the image's files (${humanBytes(read)} of ${total}, ${Math.min(99, Math.floor((read / Math.max(1, request.imageBytes)) * 100))} %)`),
    );
    const index = await ImageIndex.fromTar(counted);
    log.info(`read the image's files: ${index.size.toLocaleString('en-US')} entries in ${seconds().toFixed(1)} s${request.cache.enabled ? ' (cached for the next profile of this image)' : ''}`);
    await request.cache.store(request.imageId, index);
    return { index, source: 'image', seconds: seconds() };
  } finally {
    request.signal.removeEventListener('abort', stopReading);
  }
}

/** Passes the stream through, calling `onRead` with the bytes read so far after each chunk. */
function countBytes(input: Readable, onRead: (bytes: number) => void): Readable {
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      read += chunk.length;
      onRead(read);
      callback(null, chunk);
    },
  });
  input.on('error', (error) => counter.destroy(error));
  return input.pipe(counter);
}

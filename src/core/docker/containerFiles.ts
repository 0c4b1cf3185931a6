import type { DockerEngine } from './dockerEngine';
import { readStream, walkTar } from './tarArchive';

/** A regular file of a (created, not necessarily started) container as text, up to `limit` bytes; undefined when it is missing or not a file. */
export async function readContainerFile(engine: DockerEngine, containerId: string, path: string, limit = 1024 * 1024): Promise<string | undefined> {
  const archive = await engine.getArchive(containerId, path);
  if (!archive) return undefined;
  let text: string | undefined;
  await walkTar(archive, (header) =>
    header.type === 'file'
      ? async (content) => {
          text = (await readStream(content, limit)).toString('utf8');
        }
      : undefined,
  );
  return text;
}

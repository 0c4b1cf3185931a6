import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A cheap fingerprint of what a folder holds: each entry's name, size and modification time, two
 * levels deep (`report.md`, `k8s/deployment-patch.yaml`). Two calls give the same text exactly when
 * nothing there was added, removed or rewritten, so the editor can notice a change its file
 * watcher did not report (operating systems drop file events under pressure, and VS Code relies on
 * them). A folder that cannot be read has the empty signature.
 */
export async function folderSignature(directory: string, depth = 2): Promise<string> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const parts = await Promise.all(
    entries.map(async (entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return depth > 1 ? `${entry.name}/{${await folderSignature(path, depth - 1)}}` : `${entry.name}/`;
      const info = await stat(path).catch(() => undefined);
      return info ? `${entry.name}:${info.size}:${info.mtimeMs}` : `${entry.name}:gone`;
    }),
  );
  return parts.sort().join('|');
}

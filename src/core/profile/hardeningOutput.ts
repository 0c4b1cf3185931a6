import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedFile, GenerateOptions } from '../generate/generateOptions';
import { generateHardenedFiles } from '../generate/hardenedFiles';
import { manifestToYaml } from '../manifest/manifestFile';
import type { HardeningManifest } from '../manifest/manifestTypes';

export const MANIFEST_FILE = 'manifest.yaml';

/** Every file a profile produces, the manifest first, relative to its output directory. */
export function renderHardeningFiles(manifest: HardeningManifest, options: GenerateOptions): GeneratedFile[] {
  return [{ path: MANIFEST_FILE, content: manifestToYaml(manifest, options.command) }, ...generateHardenedFiles(manifest, options)];
}

/** Writes the files, each atomically (temp file + rename), so a crash never leaves half a config. */
export async function writeHardeningFiles(outputDir: string, files: GeneratedFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const target = join(outputDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, file.content, 'utf8');
    await rename(temporary, target);
    written.push(target);
  }
  return written;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifestFile } from '../../../src/core/manifest/manifestFile';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { renderHardeningFiles, writeHardeningFiles } from '../../../src/core/profile/hardeningOutput';

/**
 * Changes a manifest in `.harden/<service>/` and regenerates its files the way harden writes them
 * (the old verify result goes, as after any rewrite): how a user's edit of the manifest, or an
 * older harden, leaves a configuration the test can then verify.
 */
export async function rewriteManifest(serviceDir: string, change: (manifest: HardeningManifest) => HardeningManifest): Promise<HardeningManifest> {
  const manifestFile = join(serviceDir, 'manifest.yaml');
  const command = /^# Written by `([^`]+)`/m.exec(readFileSync(manifestFile, 'utf8'))?.[1];
  const changed = change(await readManifestFile(manifestFile));
  await writeHardeningFiles(serviceDir, renderHardeningFiles(changed, { command, outputDir: serviceDir }));
  return changed;
}

export function withoutCapability(capability: string): (manifest: HardeningManifest) => HardeningManifest {
  return (manifest) => ({ ...manifest, capabilities: manifest.capabilities.filter((use) => use.capability !== capability) });
}

import { createHash } from 'node:crypto';
import type { HardeningManifest } from '../manifest/manifestTypes';

/**
 * A short digest of the settings a verify ran against: every field of the manifest but the record
 * of earlier verify rounds (which the refine loop adds after the run, and which changes nothing
 * that runs) and the production image built from it (`harden minify` records it afterwards). A verify result carries it, so every view can tell a result of this manifest from
 * one of a manifest a new profile or a fix has since replaced.
 */
export function manifestStamp(manifest: HardeningManifest): string {
  // The production image (minify) is recorded beside the settings; building it changes nothing that was verified.
  const { verification: _verification, production: _production, ...settings } = manifest;
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

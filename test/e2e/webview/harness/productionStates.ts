import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toPreviewState } from '../../../../src/core/editor/previewState';
import { toProductionView, type ProductionOutput } from '../../../../src/core/editor/productionView';
import { readManifestFile } from '../../../../src/core/manifest/manifestFile';
import type { HardeningManifest } from '../../../../src/core/manifest/manifestTypes';
import type { PreviewState } from '../../../../src/protocol/previewProtocol';

const FIXTURE = join(__dirname, '..', '..', '..', 'unit', 'fixtures', 'production-redis');
const PRODUCTION_FILES = ['Dockerfile.prod', 'compose.prod.yaml', 'manifest.prod.yaml'];
export const INJECTION = '<img src=x onerror=alert(1)><svg onload=alert(2)></svg>';

/**
 * Preview states with a production image, made by the host's own mapping (toProductionView) from
 * test/unit/fixtures/production-redis: `harden profile harden-fixture/redis-gosu:test --probe tcp:6379` then
 * `harden minify --force` (manifest.yaml, manifest.prod.yaml, prod/init.conf,
 * verify-result.prod.json), and verify-result.prod.failed.json from `harden verify --compose
 * compose.prod.yaml` with SETUID taken out of compose.prod.yaml.
 */
export async function productionState(variant: 'verified' | 'failed' | 'not-built' | 'stale' | 'hostile'): Promise<PreviewState> {
  const manifest = await readManifestFile(join(FIXTURE, 'manifest.yaml'));
  const text = (name: string): Promise<string> => readFile(join(FIXTURE, name), 'utf8');
  const built: ProductionOutput = {
    files: PRODUCTION_FILES,
    initConf: await text('init.conf'),
    verifyText: await text(variant === 'failed' ? 'verify-result.prod.failed.json' : 'verify-result.prod.json'),
    productionManifest: await readManifestFile(join(FIXTURE, 'manifest.prod.yaml')),
  };
  const { production: _recorded, ...unbuilt } = manifest;
  const cases: Record<typeof variant, [HardeningManifest, ProductionOutput]> = {
    verified: [manifest, built],
    failed: [manifest, built],
    'not-built': [unbuilt, { files: [] }],
    // A re-profile rewrote manifest.yaml (no production section, a newer profile) and left the production files.
    stale: [{ ...unbuilt, generator: { ...manifest.generator, createdAt: '2026-12-02T08:00:00.000Z' } }, built],
    hostile: hostile(manifest, built),
  };
  const [shown, output] = cases[variant];
  return toPreviewState(shown, { manifestPath: '.harden/redis-gosu/manifest.yaml', generatedFiles: [], production: toProductionView(shown, output) });
}

/** HTML where an image or a script puts text: a default's value, a start-up path, a seed, what was not carried over. */
function hostile(manifest: HardeningManifest, built: ProductionOutput): [HardeningManifest, ProductionOutput] {
  const production = manifest.production;
  if (!production) throw new Error('test/unit/fixtures/production-redis/manifest.yaml should record the production image');
  const initConf = (built.initConf ?? '')
    .replace('set "HOME" "/var/lib/redis"', `default "GREETING" "${INJECTION.replace(/"/g, '\\"')}"\nseed "/.harden/seed/x" "/srv/${INJECTION.replace(/"/g, '\\"')}"`)
    .replace('chown "/data" 100 101', `chown "/data/${INJECTION.replace(/"/g, '\\"')}" 100 101`);
  return [{ ...manifest, production: { ...production, notCarriedOver: [...production.notCarriedOver, `\`${INJECTION}\` in the script`], componentsRemoved: [...production.componentsRemoved, `${INJECTION} (shell)`] } }, { ...built, initConf }];
}

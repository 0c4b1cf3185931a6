import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyTargets } from '../../../../src/core/editor/applyTargets';
import { compareWithWorkspace } from '../../../../src/core/editor/fileComparison';
import { toPreviewState } from '../../../../src/core/editor/previewState';
import { isVerifyResult, parseVerifyResult, toVerifyResultView } from '../../../../src/core/editor/verifyResultView';
import { readManifestFile } from '../../../../src/core/manifest/manifestFile';
import type { HardeningManifest } from '../../../../src/core/manifest/manifestTypes';
import type { PreviewState, VerifyResultView, WritablePathRow } from '../../../../src/protocol/previewProtocol';

const FIXTURES = join(__dirname, '..', 'fixtures');

/**
 * Preview states made the way the extension host makes them (its own mapping functions) from real
 * manifests: fixtures/notes from `harden profile harden-example/notes:latest`, fixtures/hostile-names
 * from `harden profile harden-fixture/hostile-names:test`, with their real verify results.
 */
export async function notesState(): Promise<PreviewState> {
  const manifest = await readManifestFile(join(FIXTURES, 'notes', 'manifest.yaml'));
  const manifestPath = '.harden/notes/manifest.yaml';
  const [compose, deployment, claims] = applyTargets(manifest, manifestPath);
  // The workspace holds what Apply wrote from an earlier profile that had not seen /var/cache/notes
  // yet (compose changes), the same claims (same), and no deployment patch (new).
  const earlier: HardeningManifest = { ...manifest, writablePaths: manifest.writablePaths.filter((path) => path.path !== '/var/cache/notes') };
  const [earlierCompose] = applyTargets(earlier, manifestPath);
  if (!compose || !deployment || !claims || !earlierCompose) throw new Error('the notes manifest should give compose, deployment and claims files');
  return toPreviewState(manifest, {
    manifestPath,
    generatedFiles: [
      compareWithWorkspace(compose.path, compose.content, earlierCompose.content),
      compareWithWorkspace(deployment.path, deployment.content, undefined),
      compareWithWorkspace(claims.path, claims.content, claims.content),
    ],
    lastVerify: await verifyResult(join(FIXTURES, 'notes', 'verify-result.json'), manifest),
  });
}

export async function hostileNamesState(): Promise<PreviewState> {
  const manifest = await readManifestFile(join(FIXTURES, 'hostile-names', 'manifest.yaml'));
  const manifestPath = '.harden/hostile-names/manifest.yaml';
  return toPreviewState(manifest, {
    manifestPath,
    generatedFiles: applyTargets(manifest, manifestPath).map((file) => compareWithWorkspace(file.path, file.content, undefined)),
  });
}

/** What `harden verify` wrote when the hostile-names tmpfs was left out: EROFS on the HTML-named path. */
export async function hostileNamesFailedVerify(): Promise<VerifyResultView> {
  return verifyResult(join(FIXTURES, 'hostile-names', 'verify-result.failed.json'), await readManifestFile(join(FIXTURES, 'hostile-names', 'manifest.yaml')));
}

const RECORDED_VERIFY = join(__dirname, '..', '..', '..', 'unit', 'fixtures', 'verify');

/**
 * harden-fixture/nginx:test profiled, then CHOWN taken out of its manifest and `harden verify` run:
 * the preview state of that manifest and the real failed result (test/unit/fixtures/verify/nginx-no-chown).
 */
export async function nginxWithoutChown(): Promise<{ state: PreviewState; failed: VerifyResultView }> {
  const manifest = await readManifestFile(join(RECORDED_VERIFY, 'nginx-no-chown', 'manifest.yaml'));
  const manifestPath = '.harden/nginx/manifest.yaml';
  const state = toPreviewState(manifest, {
    manifestPath,
    generatedFiles: applyTargets(manifest, manifestPath).map((file) => compareWithWorkspace(file.path, file.content, undefined)),
  });
  return { state, failed: await verifyResult(join(RECORDED_VERIFY, 'nginx-no-chown', 'verify-result.json'), manifest) };
}

async function verifyResult(path: string, manifest: HardeningManifest): Promise<VerifyResultView> {
  const parsed = parseVerifyResult(await readFile(path, 'utf8'));
  if (!isVerifyResult(parsed)) throw new Error(`${path}: ${parsed.error}`);
  return toVerifyResultView(parsed, manifest);
}

/**
 * `count` writable paths for the large-table test: the notes rows repeated below numbered
 * directories, so every row is unique and kinds, mounts and sizes vary like real ones.
 */
export function manyWritablePaths(base: readonly WritablePathRow[], count: number): WritablePathRow[] {
  return Array.from({ length: count }, (_, index) => {
    const row = base[index % base.length] as WritablePathRow;
    const bucket = String(index).padStart(5, '0');
    return { ...row, path: `/srv/tenants/${bucket}${row.path}`, files: row.files + (index % 97), bytes: row.bytes + ((index * 7919) % 1_048_576) };
  });
}

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMPOSE_FILE_NAME } from '../../src/core/generate/composeGenerator';
import { CLAIMS_PATH, DEPLOYMENT_PATCH_PATH } from '../../src/core/generate/kubernetesGenerator';
import { parseManifest } from '../../src/core/manifest/manifestFile';
import type { HardeningManifest } from '../../src/core/manifest/manifestTypes';
import { assertKubernetesFiles } from '../kubernetes/kubernetesFiles';
import type { JsonMap } from '../kubernetes/strategicMerge';
import { describeRun } from './cliProcess';
import { composeMeaningProblems, type NormalizedCompose } from './composeMeaning';
import { runCommand } from './hostCommand';

/**
 * Checks of the files `harden profile --out DIR` wrote, by the tools that will read them: for any
 * test that has such a directory (profile, verify, the editor's).
 */

/** The manifest.yaml of a profile's output directory. */
export function manifestIn(dir: string, file = 'manifest.yaml'): HardeningManifest {
  return parseManifest(readFileSync(join(dir, file), 'utf8'), file);
}

/**
 * `docker-compose config` (Compose 1.29, which reads the Compose spec) accepts compose.hardened.yaml
 * without a warning, and its normalised model still holds what the manifest meant
 * (composeMeaning.ts). Returns that model.
 */
export async function checkComposeConfig(dir: string): Promise<NormalizedCompose> {
  const run = await runCommand('docker-compose', ['-f', COMPOSE_FILE_NAME, 'config'], { cwd: dir });
  const file = readFileSync(join(dir, COMPOSE_FILE_NAME), 'utf8');
  assert.equal(run.code, 0, `docker-compose config rejects ${COMPOSE_FILE_NAME}:\n${describeRun(run)}\n--- ${COMPOSE_FILE_NAME}\n${file}`);
  assert.equal(run.stderr, '', `docker-compose config warns about ${COMPOSE_FILE_NAME}:\n${run.stderr}\n--- ${COMPOSE_FILE_NAME}\n${file}`);
  const config = parse(run.stdout) as NormalizedCompose;
  const problems = composeMeaningProblems(config, manifestIn(dir));
  if (problems.length > 0) {
    const list = problems.map((problem) => `- ${problem}`).join('\n');
    assert.fail(`Compose reads ${COMPOSE_FILE_NAME} differently from what harden meant:\n${list}\n--- docker-compose config\n${run.stdout}`);
  }
  return config;
}

/**
 * k8s/deployment-patch.yaml merged (strategic merge) into the Deployment a user has is valid under
 * the Kubernetes schema and the API server's rules, meets Pod Security "restricted" unless the patch
 * says which check it does not meet, and holds what the manifest meant; every claim in
 * k8s/persistent-volume-claims.yaml is valid and used. Returns the merged Deployment.
 */
export function checkKubernetes(dir: string): JsonMap {
  const claimsPath = join(dir, CLAIMS_PATH);
  return assertKubernetesFiles(manifestIn(dir), {
    patch: readFileSync(join(dir, DEPLOYMENT_PATCH_PATH), 'utf8'),
    claims: existsSync(claimsPath) ? readFileSync(claimsPath, 'utf8') : undefined,
  });
}

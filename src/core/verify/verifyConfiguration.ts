import type { DockerEngine } from '../docker/dockerEngine';
import type { HardenedRunSpec } from '../compose/composeRunSpec';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { verifyHardened, type VerifyOptions, type VerifyResult } from './verifyHardened';

/**
 * A verify whose pass means the configuration as written works. The traced run names every refusal
 * precisely but is not quite the configuration (the tracer wraps the command, mounts its folders and,
 * for a root app, adds SYS_PTRACE); so once it passes, the same settings run once more untouched,
 * and only that run's result can say "verified". With `traced: false` only the exact run happens.
 */
export async function verifyConfiguration(
  engine: DockerEngine,
  manifest: HardeningManifest,
  runSpec: HardenedRunSpec,
  options: VerifyOptions,
): Promise<VerifyResult> {
  if (!options.traced) return verifyHardened(engine, manifest, runSpec, options);
  const traced = await verifyHardened(engine, manifest, runSpec, options);
  if (!traced.passed) return traced;
  options.log.info('the traced run passed; running the configuration once more exactly as written, without the tracer');
  const exact = await verifyHardened(engine, manifest, runSpec, { ...options, traced: false });
  return {
    ...exact,
    preexisting: traced.preexisting,
    clues: traced.clues,
    notes: [...new Set([...traced.notes, ...exact.notes])],
  };
}

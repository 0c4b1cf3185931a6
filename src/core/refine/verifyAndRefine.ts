import type { DockerEngine } from '../docker/dockerEngine';
import { COMPOSE_FILE_NAME } from '../generate/composeGenerator';
import { parseComposeRunSpec } from '../compose/composeRunSpec';
import type { GeneratedFile, GenerateOptions } from '../generate/generateOptions';
import type { ImageIndex } from '../image/imageIndex';
import type { Logger } from '../logger';
import type { HardeningManifest, VerificationRound } from '../manifest/manifestTypes';
import { renderHardeningFiles } from '../profile/hardeningOutput';
import { verifyConfiguration } from '../verify/verifyConfiguration';
import type { VerifyResult } from '../verify/verifyHardened';
import { learnFromVerify } from './learnFromVerify';

/** Rounds of verify-and-learn before the loop gives up and reports what is left. */
export const MAX_VERIFY_ROUNDS = 4;

export interface RefineOptions {
  index: ImageIndex;
  generate: GenerateOptions;
  timeoutSeconds: number;
  signal: AbortSignal;
  log: Logger;
  environment: NodeJS.ProcessEnv;
  maxRounds?: number;
}

export interface RefineOutcome {
  /** The manifest with what the rounds learned and the record of the rounds. */
  manifest: HardeningManifest;
  /** Every file to write: exactly the configuration the last round ran. */
  files: GeneratedFile[];
  /** The last round's result: verified only when it passed. */
  result: VerifyResult;
  /** What the user can do about the problems left, one line each (empty when verified). */
  unresolved: string[];
}

/**
 * profile → generate → verify → refine: runs exactly the Compose service it is about to write,
 * and when the run fails for a reason it can attribute (a refused privileged call, a refused write,
 * a tmpfs hiding the image's files, an init that could not forward the stop signal, data lost
 * across the restart), records it as learned, regenerates and verifies again — a bounded number of
 * rounds. The files it returns are the ones the last round ran; they are "verified" only when it passed.
 */
export async function verifyAndRefine(engine: DockerEngine, profiled: HardeningManifest, options: RefineOptions): Promise<RefineOutcome> {
  const maxRounds = options.maxRounds ?? MAX_VERIFY_ROUNDS;
  const rounds: VerificationRound[] = [];
  let manifest = profiled;
  for (let round = 1; ; round += 1) {
    const tested = composeOf(renderHardeningFiles(manifest, options.generate));
    options.log.info(`verify round ${round}: running the generated configuration`);
    const result = await verifyConfiguration(engine, manifest, parseComposeRunSpec(tested, COMPOSE_FILE_NAME), {
      traced: true,
      restart: true,
      timeoutSeconds: options.timeoutSeconds,
      signal: options.signal,
      log: options.log,
      environment: options.environment,
      imageFiles: { has: (path) => options.index.get(path) !== undefined },
      // Generated here from the trace, not read from a repository: a capability it adds (SYS_ADMIN
      // for an app that mounts) is what the app used, not something smuggled in.
      allowHostAccess: true,
    });
    if (result.passed) {
      rounds.push({ round, passed: true, mode: result.mode, problems: [], learned: [] });
      return finish(manifest, rounds, result, [], tested, options);
    }
    const problems = result.problems.map((problem) => problem.message);
    const lessons = round < maxRounds ? learnFromVerify(manifest, result, { round, index: options.index }) : undefined;
    rounds.push({ round, passed: false, mode: result.mode, problems, learned: lessons?.learned ?? [] });
    if (!lessons || lessons.learned.length === 0) {
      return finish(manifest, rounds, result, lessons?.unresolved.length ? lessons.unresolved : problems, tested, options);
    }
    for (const line of lessons.learned) options.log.info(`learned: ${line}`);
    manifest = lessons.manifest;
  }
}

function finish(
  manifest: HardeningManifest,
  rounds: VerificationRound[],
  result: VerifyResult,
  unresolved: string[],
  tested: string,
  options: RefineOptions,
): RefineOutcome {
  const recorded: HardeningManifest = { ...manifest, verification: { verified: result.passed, rounds } };
  const files = renderHardeningFiles(recorded, options.generate);
  // The record of the rounds changes the manifest and the report, never the configuration that ran.
  if (composeOf(files) !== tested) throw new Error('internal: the Compose file changed after it was verified');
  return { manifest: recorded, files, result, unresolved };
}

function composeOf(files: GeneratedFile[]): string {
  const compose = files.find((file) => file.path === COMPOSE_FILE_NAME);
  if (!compose) throw new Error(`internal: no ${COMPOSE_FILE_NAME} among the generated files`);
  return compose.content;
}

import { readFile, rm } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { parseComposeRunSpec } from '../compose/composeRunSpec';
import { readContainerFile } from '../docker/containerFiles';
import type { DockerEngine, ImageInfo } from '../docker/dockerEngine';
import { HardenError } from '../errors';
import type { GeneratedFile } from '../generate/generateOptions';
import { generateReport, REPORT_FILE_NAME } from '../generate/reportGenerator';
import { composeCapabilities } from '../generate/hardenedSettings';
import type { ImageIndex } from '../image/imageIndex';
import { ImageIndexCache } from '../image/imageIndexCache';
import { readImageIndex } from '../image/readImageIndex';
import type { Logger } from '../logger';
import { manifestToYaml, readManifestFile } from '../manifest/manifestFile';
import type { HardeningManifest, ProductionImage, VerificationRound } from '../manifest/manifestTypes';
import { writeOutputFiles } from '../output/outputFolder';
import { MANIFEST_FILE } from '../profile/hardeningOutput';
import { PROFILE_RECORD_FILE, parseProfileRecord, type ProfileRecord } from '../profile/profileRecord';
import { learnFromVerify } from '../refine/learnFromVerify';
import { RunResources } from '../run/runResources';
import { verifyConfiguration } from '../verify/verifyConfiguration';
import { PRODUCTION_VERIFY_RESULT_FILE } from '../verify/verifyResultFile';
import type { VerifyResult } from '../verify/verifyHardened';
import { decideKeptFiles, entriesOnTheWay, type KeepDecision } from './keptFiles';
import { buildProductionImage, seedName, writeBuildContext } from './productionBuild';
import { componentsOf, fileCounts, imageSboms } from './productionSummary';
import { PRODUCTION_COMPOSE_FILE, PRODUCTION_MANIFEST_FILE, productionFiles } from './productionFiles';
import { PRODUCTION_CONTEXT_DIR } from './productionDockerfile';
import { productionManifest } from './productionSettings';
import { captureSeeds } from './seedCapture';
import { replaceStartup, type StartupReplacement } from './startupReplacement';

/** Verify rounds (each a rebuild) before minify gives up and reports what is left. */
export const MAX_MINIFY_ROUNDS = 4;
export const DEVELOPMENT_SBOM_FILE = 'sbom.dev.cdx.json';
export const PRODUCTION_SBOM_FILE = 'sbom.prod.cdx.json';

export interface MinifyOptions {
  /** The profile folder, absolute. */
  dir: string;
  /** The same, as the user typed it (for messages and headers). */
  shownDir: string;
  tag: string;
  keep: readonly string[];
  verify: boolean;
  force: boolean;
  seed: boolean;
  /** The command line, for the headers of generated files. */
  command: string;
  /** The harden-init binary for the engine's architecture. */
  initBinary: string;
  timeoutSeconds: number;
  signal: AbortSignal;
  log: Logger;
  environment: NodeJS.ProcessEnv;
  toolVersion: string;
}

export interface MinifyOutcome {
  /** The development manifest with its `production` section. */
  manifest: HardeningManifest;
  production: ProductionImage;
  /** The production manifest the last round ran (for the SBOM and the report). */
  productionManifest: HardeningManifest;
  replacement: StartupReplacement;
  kept: KeepDecision;
  index: ImageIndex;
  /** The last verify round's result; undefined with --no-verify. */
  result?: VerifyResult;
  unresolved: string[];
  /** Every file written, relative to the profile folder. */
  written: string[];
}

/**
 * `harden minify`: from a profile folder to a verified shell-less production image. Replaces the
 * start-up with the init's configuration, keeps only what the app used, builds Dockerfile.prod
 * through the Engine API, writes compose.prod.yaml and its Kubernetes counterpart, and verifies
 * the image under them — adding back files the app looked for and the development image has, in
 * bounded rounds. Every container and volume it creates is removed, also on error.
 */
export async function minifyImage(engine: DockerEngine, options: MinifyOptions): Promise<MinifyOutcome> {
  const { log } = options;
  const manifest = await readManifestFile(join(options.dir, MANIFEST_FILE));
  const record = await readRecord(options, manifest);
  const development = await developmentImage(engine, manifest);
  if (manifest.verification && !manifest.verification.verified) log.warn(`the development configuration in ${options.shownDir} is not verified; minify goes on, and verifies the production image on its own`);
  const { index, scripts } = await readDevelopmentImage(engine, manifest, { log, imageBytes: development.Size, signal: options.signal, cache: ImageIndexCache.forEnvironment(options.environment) });

  const replacement = replaceStartup({ manifest, record, index, scripts, seed: options.seed });
  if (replacement.notCarriedOver.length > 0 && !options.force) {
    throw new HardenError(
      'not-carried-over',
      `${replacement.notCarriedOver.length} thing(s) the start-up of ${manifest.image.reference} did cannot be carried over into the production image; check them, then pass --force to build without them.`,
      replacement.notCarriedOver,
    );
  }
  const written: string[] = [];
  const seedTars = new Map(replacement.seeds.map((seed) => [seed.target, join(options.dir, PRODUCTION_CONTEXT_DIR, 'seed', `${seedName(seed.target)}.tar`)]));
  await rm(join(options.dir, PRODUCTION_CONTEXT_DIR, 'seed'), { recursive: true, force: true });
  if (seedTars.size > 0) {
    log.info(`seed: starting ${manifest.image.reference} once to capture its first-start data`);
    await captureSeeds(engine, manifest, seedTars, { timeoutSeconds: options.timeoutSeconds, signal: options.signal, log });
    written.push(...replacement.seeds.map((seed) => `${PRODUCTION_CONTEXT_DIR}/seed/${seedName(seed.target)}.tar`));
  }

  const learnedFiles: Array<{ path: string; round: number }> = [];
  const rounds: VerificationRound[] = [];
  let lessonsManifest: HardeningManifest | undefined;
  let result: VerifyResult | undefined;
  let unresolved: string[] = [];
  for (let round = 1; ; round += 1) {
    const kept = decideKeptFiles({ index, record, manifest, patterns: options.keep, learned: learnedFiles });
    written.push(...(await writeBuildContext(options, manifest, development, replacement, kept, index)));
    const built = await buildProductionImage(engine, options, manifest);
    const candidate = productionManifest(manifest, { tag: options.tag, id: built.Id, env: built.Config?.Env ?? [] }, replacement, record);
    const tested = lessonsManifest ? { ...lessonsManifest, image: candidate.image } : candidate;
    const files = productionFiles(tested, { command: options.command, developmentReference: manifest.image.reference, shownDir: options.shownDir });
    if (!options.verify) {
      return finish({ options, manifest, tested, replacement, kept, index, development, built, files, rounds, learnedFiles, written, result: undefined, unresolved: [] });
    }
    log.info(`verify round ${round}: running ${options.tag} under ${PRODUCTION_COMPOSE_FILE}`);
    const missing = new Set<string>();
    const compose = files.find((file) => file.path === PRODUCTION_COMPOSE_FILE) as GeneratedFile;
    result = await verifyConfiguration(engine, tested, parseComposeRunSpec(compose.content, PRODUCTION_COMPOSE_FILE), {
      traced: true,
      restart: true,
      timeoutSeconds: options.timeoutSeconds,
      signal: options.signal,
      log,
      environment: options.environment,
      imageFiles: { has: (path) => kept.kept.has(path) },
      allowHostAccess: true,
      onMissing: (paths) => {
        for (const path of paths.keys()) missing.add(path);
      },
    });
    if (result.passed) {
      rounds.push({ round, passed: true, mode: result.mode, problems: [], learned: [] });
      return finish({ options, manifest, tested, replacement, kept, index, development, built, files, rounds, learnedFiles, written, result, unresolved: [] });
    }
    const problems = result.problems.map((problem) => problem.message);
    const addBack = round < MAX_MINIFY_ROUNDS ? filesToAddBack(missing, index, kept) : [];
    const lessons = round < MAX_MINIFY_ROUNDS ? learnFromVerify(tested, result, { round, index }) : undefined;
    const learned = [...addBack.map((path) => `kept ${path}: the app looked for it`), ...(lessons?.learned ?? [])];
    rounds.push({ round, passed: false, mode: result.mode, problems, learned });
    if (learned.length === 0) {
      unresolved = lessons?.unresolved.length ? lessons.unresolved : problems;
      return finish({ options, manifest, tested, replacement, kept, index, development, built, files, rounds, learnedFiles, written, result, unresolved });
    }
    for (const line of learned) log.info(`learned: ${line}`);
    for (const path of addBack) learnedFiles.push({ path, round });
    lessonsManifest = lessons?.manifest;
  }
}

/**
 * Paths the app looked for in vain that resolve, in the development image, through entries the
 * production image dropped (the file itself, or a symlink on the way like /var/run → /run).
 */
function filesToAddBack(missing: ReadonlySet<string>, index: ImageIndex, kept: KeepDecision): string[] {
  return [...missing].filter((path) => entriesOnTheWay(index, path).some(([entry]) => !kept.kept.has(entry))).sort();
}

async function readRecord(options: MinifyOptions, manifest: HardeningManifest): Promise<ProfileRecord> {
  const shown = posix.join(options.shownDir, PROFILE_RECORD_FILE);
  let text: string;
  try {
    text = await readFile(join(options.dir, PROFILE_RECORD_FILE), 'utf8');
  } catch {
    throw new HardenError('manifest-invalid', `${shown} is missing: minify needs the paths the profile saw the app use; profile the image again with this version of harden.`);
  }
  const record = parseProfileRecord(text, shown);
  if (record.imageId !== manifest.image.id) throw new HardenError('manifest-invalid', `${shown} is from another image than manifest.yaml; profile the image again.`);
  return record;
}

async function developmentImage(engine: DockerEngine, manifest: HardeningManifest): Promise<ImageInfo> {
  const { reference, id } = manifest.image;
  const image = await engine.inspectImage(reference);
  if (!image) throw new HardenError('image-missing', `Image ${reference} is not on the engine at ${engine.endpoint.host}; build it again, or profile the image it is now.`);
  if (image.Id !== id) throw new HardenError('image-missing', `${reference} is now ${image.Id.slice(0, 19)}, not the image profiled (${id.slice(0, 19)}); profile it again before minifying.`);
  return image;
}

/** The development image's files (one export) and the text of the scripts on its start-up chain. */
async function readDevelopmentImage(
  engine: DockerEngine,
  manifest: HardeningManifest,
  { log, imageBytes, signal, cache }: { log: Logger; imageBytes: number; signal: AbortSignal; cache: ImageIndexCache },
): Promise<{ index: ImageIndex; scripts: Map<string, string> }> {
  const resources = new RunResources(engine);
  try {
    const id = await engine.createContainer({ Image: manifest.image.id, Entrypoint: ['/.harden-never-started'], Cmd: [], NetworkDisabled: true, Labels: resources.labels('inspect') });
    resources.trackContainer(id);
    // The profile cached this image's index (same id, same files): usually no export at all.
    const { index } = await readImageIndex(engine, { imageId: manifest.image.id, containerId: id, imageBytes, cache, log, signal });
    const scripts = new Map<string, string>();
    const mainImage = manifest.execution.main.program;
    for (const step of manifest.execution.chain) {
      if (!step.interpreter || step.program === mainImage) continue;
      const real = index.realpath(step.program) ?? step.program;
      const text = await readContainerFile(engine, id, real, 256 * 1024);
      if (text !== undefined) scripts.set(step.program, text);
    }
    return { index, scripts };
  } finally {
    for (const failure of await resources.removeAll()) log.warn(`could not remove ${failure}`);
  }
}

interface FinishInput {
  options: MinifyOptions;
  manifest: HardeningManifest;
  tested: HardeningManifest;
  replacement: StartupReplacement;
  kept: KeepDecision;
  index: ImageIndex;
  development: ImageInfo;
  built: ImageInfo;
  files: GeneratedFile[];
  rounds: VerificationRound[];
  learnedFiles: Array<{ path: string; round: number }>;
  written: string[];
  result: VerifyResult | undefined;
  unresolved: string[];
}

/** Records the production image in the development manifest and writes the production files. */
async function finish(input: FinishInput): Promise<MinifyOutcome> {
  const { options, manifest, tested, replacement, kept, index, development, built } = input;
  const counts = fileCounts(index, kept);
  const sboms = imageSboms({ index, manifest, kept, tag: options.tag, productionId: built.Id, toolVersion: options.toolVersion });
  const production: ProductionImage = {
    tag: options.tag,
    id: built.Id,
    sizeBytes: { development: development.Size, production: built.Size },
    files: counts,
    packages: { kept: sboms.production.packagesKept, removed: sboms.production.packagesRemoved },
    ...componentsOf(manifest, index, kept),
    keptForVerify: input.learnedFiles,
    init: replacement.carriedOver,
    seeds: replacement.seeds.map((seed) => ({ path: seed.target, writers: seed.writers })),
    notCarriedOver: replacement.notCarriedOver,
    capabilities: composeCapabilities(tested).map((grant) => grant.capability),
    verification: { verified: input.result?.passed ?? false, rounds: input.rounds },
  };
  const recorded: HardeningManifest = { ...manifest, production };
  const outputs: GeneratedFile[] = [
    { path: MANIFEST_FILE, content: manifestToYaml(recorded) },
    { path: PRODUCTION_MANIFEST_FILE, content: manifestToYaml(tested, options.command) },
    { path: REPORT_FILE_NAME, content: generateReport(recorded, { command: options.command, outputDir: options.shownDir }) },
    ...input.files,
    { path: DEVELOPMENT_SBOM_FILE, content: sboms.development.json },
    { path: PRODUCTION_SBOM_FILE, content: sboms.production.json },
    ...(input.result ? [{ path: PRODUCTION_VERIFY_RESULT_FILE, content: `${JSON.stringify(input.result, null, 2)}\n` }] : []),
  ];
  // A verify result of an earlier build must not sit beside files it never checked.
  const written = await writeOutputFiles(options.dir, outputs, input.result ? [] : [PRODUCTION_VERIFY_RESULT_FILE]);
  return {
    manifest: recorded,
    production,
    productionManifest: tested,
    replacement,
    kept,
    index,
    result: input.result,
    unresolved: input.unresolved,
    written: [...new Set([...input.written, ...written.map((path) => relative(options.dir, path))])],
  };
}


import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { packTar } from '../docker/tarArchive';
import { join, posix, relative } from 'node:path';
import { parseComposeRunSpec } from '../compose/composeRunSpec';
import { readContainerFile } from '../docker/containerFiles';
import type { DockerEngine, ImageInfo } from '../docker/dockerEngine';
import { HardenError } from '../errors';
import type { GeneratedFile } from '../generate/generateOptions';
import { generateReport, REPORT_FILE_NAME } from '../generate/reportGenerator';
import { composeCapabilities } from '../generate/hardenedSettings';
import { ImageIndex } from '../image/imageIndex';
import type { Logger } from '../logger';
import { manifestToYaml, readManifestFile } from '../manifest/manifestFile';
import type { HardeningManifest, ProductionImage, VerificationRound } from '../manifest/manifestTypes';
import { writeOutputFile, writeOutputFiles } from '../output/outputFolder';
import { MANIFEST_FILE } from '../profile/hardeningOutput';
import { PROFILE_RECORD_FILE, parseProfileRecord, type ProfileRecord } from '../profile/profileRecord';
import { learnFromVerify } from '../refine/learnFromVerify';
import { RunResources } from '../run/runResources';
import { verifyConfiguration } from '../verify/verifyConfiguration';
import { PRODUCTION_VERIFY_RESULT_FILE } from '../verify/verifyResultFile';
import type { VerifyResult } from '../verify/verifyHardened';
import { imageSbom } from '../sbom/cyclonedxSbom';
import { readInstalledPackages } from '../sbom/packageDatabase';
import { decideKeptFiles, entriesOnTheWay, type KeepDecision } from './keptFiles';
import { initConfigurationText, keepListText } from './initConfiguration';
import { PRODUCTION_COMPOSE_FILE, PRODUCTION_MANIFEST_FILE, productionFiles } from './productionFiles';
import { INIT_IN_IMAGE, PRODUCTION_CONTEXT_DIR, PRODUCTION_DOCKERFILE, productionDockerfile } from './productionDockerfile';
import { productionManifest, imageUser } from './productionSettings';
import { captureSeeds } from './seedCapture';
import { WRITABLE_PATHS_TAR, writablePathDirectories } from './writablePathDirectories';
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
  const { index, scripts } = await readDevelopmentImage(engine, manifest, log);

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
    const files = productionFiles(tested, { command: options.command, developmentReference: manifest.image.reference });
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
async function readDevelopmentImage(engine: DockerEngine, manifest: HardeningManifest, log: Logger): Promise<{ index: ImageIndex; scripts: Map<string, string> }> {
  const resources = new RunResources(engine);
  try {
    const id = await engine.createContainer({ Image: manifest.image.id, Entrypoint: ['/.harden-never-started'], Cmd: [], NetworkDisabled: true, Labels: resources.labels('inspect') });
    resources.trackContainer(id);
    log.info(`reading the files of ${manifest.image.reference}`);
    const index = await ImageIndex.fromTar(await engine.exportContainer(id));
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

/** Dockerfile.prod and its context (prod/: the init, its configuration, the keep list) in the profile folder. */
async function writeBuildContext(
  options: MinifyOptions,
  manifest: HardeningManifest,
  development: ImageInfo,
  replacement: StartupReplacement,
  kept: KeepDecision,
  index: ImageIndex,
): Promise<string[]> {
  const context = PRODUCTION_CONTEXT_DIR;
  const directories = writablePathDirectories(manifest, index, replacement.steps);
  const files: GeneratedFile[] = [
    { path: `${context}/keep.list`, content: keepListText(kept, `${options.command} (${options.shownDir}/${MANIFEST_FILE})`) },
    { path: `${context}/init.conf`, content: initConfigurationText(replacement, options.command) },
    {
      path: PRODUCTION_DOCKERFILE,
      content: productionDockerfile({
        generatedBy: `Generated by \`${options.command}\` from ${MANIFEST_FILE} (image ${manifest.image.id.slice(0, 19)}).`,
        developmentReference: manifest.image.reference,
        developmentId: manifest.image.id,
        config: development.Config as NonNullable<ImageInfo['Config']>,
        seeds: replacement.seeds.map((seed) => ({ tar: `${context}/seed/${seedName(seed.target)}.tar`, parent: posix.dirname(seed.source) })),
        ...(directories.length > 0 ? { writablePaths: `${context}/${WRITABLE_PATHS_TAR}` } : {}),
        user: imageUser(manifest, replacement),
        cmd: replacement.argv,
        labels: provenanceLabels(manifest, options),
      }),
    },
  ];
  for (const file of files) await writeOutputFile(options.dir, file.path, file.content);
  const init = join(options.dir, context, 'harden-init');
  await mkdir(join(options.dir, context), { recursive: true });
  await copyFile(options.initBinary, init);
  await chmod(init, 0o755);
  const directoriesTar = join(options.dir, context, WRITABLE_PATHS_TAR);
  if (directories.length > 0) await writeFile(directoriesTar, await packTar(directories));
  else await rm(directoriesTar, { force: true });
  return [...files.map((file) => file.path), `${context}/harden-init`, ...(directories.length > 0 ? [`${context}/${WRITABLE_PATHS_TAR}`] : [])];
}

function provenanceLabels(manifest: HardeningManifest, options: MinifyOptions): Record<string, string> {
  return {
    'dev.harden.source-image': manifest.image.id,
    'dev.harden.manifest-digest': `sha256:${createHash('sha256').update(JSON.stringify({ ...manifest, production: undefined })).digest('hex')}`,
    'dev.harden.version': options.toolVersion,
    'org.opencontainers.image.base.name': manifest.image.reference,
    'org.opencontainers.image.description': `Shell-less production image of ${manifest.image.reference}, minified by harden from its profile.`,
  };
}

async function buildProductionImage(engine: DockerEngine, options: MinifyOptions, manifest: HardeningManifest): Promise<ImageInfo> {
  const entries = [PRODUCTION_DOCKERFILE, `${PRODUCTION_CONTEXT_DIR}/harden-init`, `${PRODUCTION_CONTEXT_DIR}/keep.list`, `${PRODUCTION_CONTEXT_DIR}/init.conf`];
  if (existsSync(join(options.dir, PRODUCTION_CONTEXT_DIR, WRITABLE_PATHS_TAR))) entries.push(`${PRODUCTION_CONTEXT_DIR}/${WRITABLE_PATHS_TAR}`);
  const { readdir } = await import('node:fs/promises');
  const seeds = await readdir(join(options.dir, PRODUCTION_CONTEXT_DIR, 'seed')).catch(() => [] as string[]);
  entries.push(...seeds.map((name) => `${PRODUCTION_CONTEXT_DIR}/seed/${name}`));
  options.log.info(`building ${options.tag} from ${PRODUCTION_DOCKERFILE}`);
  const danglingBefore = new Set(await engine.danglingImageIds());
  const failure = await engine
    .buildImage(options.dir, entries, {
      dockerfile: PRODUCTION_DOCKERFILE,
      tag: options.tag,
      signal: options.signal,
      onEvent: (event) => {
        const text = event.stream ?? event.error ?? '';
        for (const line of text.split('\n')) if (line.trim() !== '') options.log.debug(`[build] ${line.trimEnd()}`);
      },
    })
    .catch((error: unknown) => {
      if (options.signal.aborted) throw new HardenError('interrupted', 'interrupted');
      throw error;
    })
    .finally(() => removePrunedStages(engine, danglingBefore, options.log));
  if (failure) throw new HardenError('image-missing', `Building the production image of ${manifest.image.reference} failed: ${failure.trim()}`);
  const built = await engine.inspectImage(options.tag);
  if (!built) throw new HardenError('image-missing', `The build of ${options.tag} reported success but the engine has no such image.`);
  return built;
}

/**
 * The classic builder keeps each stage of a multi-stage build as an untagged image; the pruned
 * stage (a copy of the development image minus what minify drops) is of no use after the build.
 * Only images that appeared during this build and whose last step is the init's --prune go.
 */
async function removePrunedStages(engine: DockerEngine, before: ReadonlySet<string>, log: Logger): Promise<void> {
  for (const id of await engine.danglingImageIds()) {
    if (before.has(id)) continue;
    const image = await engine.inspectImage(id);
    const step = [...((image as { ContainerConfig?: { Cmd?: string[] } } | undefined)?.ContainerConfig?.Cmd ?? [])].join(' ');
    if (!step.includes(INIT_IN_IMAGE) || !step.includes('--prune')) continue;
    await engine.removeImage(id).catch((error: unknown) => log.warn(`could not remove the build's pruned stage ${id.slice(0, 19)}: ${error instanceof Error ? error.message : String(error)}`));
  }
}

function seedName(target: string): string {
  return target.replace(/^\/+/, '').replace(/[^a-zA-Z0-9._-]+/g, '-') || 'root';
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
  const sboms = imageSboms(input);
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
    { path: REPORT_FILE_NAME, content: generateReport(recorded, { command: options.command }) },
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

/** CycloneDX SBOMs of both images, from the development image's package databases. */
function imageSboms(input: FinishInput): { development: ReturnType<typeof imageSbom>; production: ReturnType<typeof imageSbom> } {
  const { index, manifest, options } = input;
  const osRelease = index.content(index.realpath('/etc/os-release') ?? '/etc/os-release');
  const packages = readInstalledPackages(index.packageDatabaseFiles(), index, osRelease);
  const platform = { os: manifest.image.os, architecture: manifest.image.architecture };
  return {
    development: imageSbom({ packages, image: { reference: manifest.image.reference, id: manifest.image.id, ...platform }, toolVersion: options.toolVersion }),
    production: imageSbom({ packages, image: { reference: options.tag, id: input.built.Id, ...platform }, toolVersion: options.toolVersion, kept: new Set(input.kept.kept.keys()) }),
  };
}

function fileCounts(index: ImageIndex, kept: KeepDecision): ProductionImage['files'] {
  let keptFiles = 0;
  let dropped = 0;
  let keptBytes = 0;
  for (const entry of index.all()) {
    if (entry.type === 'directory') continue;
    if (kept.kept.has(entry.path)) {
      keptFiles += 1;
      keptBytes += entry.size;
    } else dropped += 1;
  }
  return { kept: keptFiles, dropped, keptBytes };
}

function componentsOf(manifest: HardeningManifest, index: ImageIndex, kept: KeepDecision): Pick<ProductionImage, 'componentsRemoved' | 'componentsKept'> {
  const componentsRemoved: string[] = [];
  const componentsKept: string[] = [];
  for (const component of manifest.components) {
    const real = index.realpath(component.path) ?? component.path;
    if (!kept.kept.has(real) && !kept.kept.has(component.path)) componentsRemoved.push(`${component.name} (${component.category})`);
    else componentsKept.push(`${component.name} (${component.category}): ${kept.kept.get(real) ?? kept.kept.get(component.path)}`);
  }
  return { componentsRemoved, componentsKept };
}

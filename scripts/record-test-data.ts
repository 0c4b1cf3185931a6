/**
 * Records real data for the unit tests: profiles each fixture image on the running engine and
 * keeps the raw trace, the engine's change list, the image config, the part of the image index
 * the analysis and minify look at (with the ELF loaders of what ran) and the text of the start-up
 * scripts on the chain to the main command, under test/unit/fixtures/recorded/<fixture>/.
 * Run after scripts/build-fixtures.sh:  npx tsx scripts/record-test-data.ts [FIXTURE…]
 * (all fixtures, or only those named: a new recording changes pids and timings, so re-record only
 * what changed).
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { posix, join } from 'node:path';
import { readContainerFile } from '../src/core/docker/containerFiles';
import { connectEngine, type DockerEngine } from '../src/core/docker/dockerEngine';
import type { ImageIndex } from '../src/core/image/imageIndex';
import type { HardeningManifest } from '../src/core/manifest/manifestTypes';
import { entriesOnTheWay } from '../src/core/minify/keptFiles';
import { RunResources } from '../src/core/run/runResources';
import type { TraceFacts } from '../src/core/trace/traceFacts';
import { silentLogger } from '../src/core/logger';
import { parseProbe } from '../src/core/run/probes';
import { profileImage } from '../src/core/profile/profileImage';
import { BIN_DIRECTORIES } from '../src/core/analysis/componentCatalogue';
import { HARDEN_VERSION } from '../src/cli/version';

const FIXTURES: Array<{ name: string; image: string; probes: string[] }> = [
  { name: 'nginx', image: 'harden-fixture/nginx:test', probes: ['http:80/'] },
  { name: 'entrypoint-script', image: 'harden-fixture/entrypoint-script:test', probes: ['http:8080/'] },
  { name: 'volume-data', image: 'harden-fixture/volume-data:test', probes: ['http:8081/'] },
  { name: 'static-noshell', image: 'harden-fixture/static-noshell:test', probes: [] },
  { name: 'notes', image: 'harden-example/notes:latest', probes: ['http:8080/'] },
  { name: 'control-names', image: 'harden-fixture/control-names:test', probes: ['tcp:8091'] },
  { name: 'memcached', image: 'harden-fixture/memcached:test', probes: ['tcp:11211'] },
  { name: 'mosquitto', image: 'harden-fixture/mosquitto:test', probes: ['tcp:1883'] },
  { name: 'redis', image: 'harden-fixture/redis:test', probes: ['tcp:6379'] },
  { name: 'postgres', image: 'harden-fixture/postgres:test', probes: ['tcp:5432'] },
];

const GZIP_ABOVE_BYTES = 1024 * 1024;

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !FIXTURES.some((fixture) => fixture.name === name));
  if (unknown.length > 0) throw new Error(`unknown fixture(s): ${unknown.join(', ')}; known: ${FIXTURES.map((fixture) => fixture.name).join(', ')}`);
  const engine = await connectEngine();
  for (const fixture of FIXTURES.filter((candidate) => wanted.length === 0 || wanted.includes(candidate.name))) {
    const dir = join(__dirname, '..', 'test', 'unit', 'fixtures', 'recorded', fixture.name);
    mkdirSync(dir, { recursive: true });
    const result = await profileImage(engine, {
      reference: fixture.image,
      pull: false,
      env: [],
      probes: fixture.probes.map(parseProbe),
      timeoutSeconds: 120,
      saveTraceTo: join(dir, 'trace.strace'),
      signal: new AbortController().signal,
      log: silentLogger,
      environment: process.env,
      toolVersion: HARDEN_VERSION,
    });
    const facts = result.run.facts;
    if (!facts) throw new Error(`${fixture.name}: no trace`);
    const snapshot = indexSnapshot(result.index, facts, result.manifest, result.run.changes);
    const write = (file: string, value: unknown): void => writeFileSync(join(dir, file), `${JSON.stringify(value, null, 1)}\n`);
    write('changes.json', result.run.changes);
    write('index.json', snapshot);
    write('scripts.json', Object.fromEntries(await startupScripts(engine, result.manifest, result.index)));
    write('profile.json', {
      reference: fixture.image,
      image: { Id: result.image.Id, Os: result.image.Os, Architecture: result.image.Architecture, Config: result.image.Config },
      probes: result.manifest.profile.probes,
      startUid: result.startUid,
      startGid: result.startGid,
      stop: result.run.stop,
      readySeconds: result.run.readySeconds,
      tracer: result.manifest.profile.trace.tracer,
    });
    const tracePath = join(dir, 'trace.strace');
    rmSync(`${tracePath}.gz`, { force: true });
    // A trace of megabytes (postgres's first start writes its whole cluster) is kept gzipped.
    if (statSync(tracePath).size > GZIP_ABOVE_BYTES) {
      writeFileSync(`${tracePath}.gz`, gzipSync(readFileSync(tracePath), { level: 9 }));
      rmSync(tracePath);
    }
    console.log(`${fixture.name}: ${facts.lines} trace lines, ${snapshot.entries.length} index entries`);
  }
}

/**
 * The part of the image index the tests ask about: every traced path and its ancestors, every
 * entry resolving a used path goes through (the symlinks /lib, /var/run…), the bin directories,
 * everything below the writable paths (to count hidden files, and what a new volume copies), and
 * the loader and interpreter of each program that ran, with the entries on the way to them. Of the
 * ELF loaders only those of what ran are kept: the rest of a bin directory is there to be listed.
 */
function indexSnapshot(index: ImageIndex, facts: TraceFacts, manifest: HardeningManifest, changes: ReadonlyArray<{ path: string }>): ReturnType<ImageIndex['snapshot']> {
  const wanted = new Set<string>(['/']);
  const addWithAncestors = (path: string): void => {
    for (let current = path; current !== '/'; current = posix.dirname(current)) wanted.add(current);
  };
  const addResolved = (path: string): void => {
    addWithAncestors(path);
    for (const [entry] of entriesOnTheWay(index, path)) addWithAncestors(entry);
  };
  for (const path of [...facts.writes.keys(), ...facts.reads.keys(), ...facts.uses.keys()]) addResolved(path);
  for (const change of changes) addWithAncestors(change.path);
  const ran = new Set<string>();
  for (const program of new Set(facts.execs.map((exec) => exec.program))) {
    const interpreter = index.shebang(program)?.split(/\s+/)[0];
    for (const path of [program, ...(interpreter?.startsWith('/') ? [interpreter] : [])]) {
      addResolved(path);
      ran.add(index.realpath(path) ?? path);
      const loader = index.loader(path);
      if (loader !== undefined) addResolved(loader);
    }
  }
  const below = [...BIN_DIRECTORIES, ...manifest.writablePaths.map((path) => path.path), ...manifest.image.volumes];
  const snapshot = index.snapshot(
    (path) => wanted.has(path) || below.some((dir) => path === dir || path.startsWith(`${dir}/`)) || wanted.has(posix.dirname(path)),
  );
  return { ...snapshot, loaders: Object.fromEntries(Object.entries(snapshot.loaders).filter(([path]) => ran.has(path))) };
}

/** The text of the scripts on the chain to the main command, read from the image as `harden minify` reads them. */
async function startupScripts(engine: DockerEngine, manifest: HardeningManifest, index: ImageIndex): Promise<Map<string, string>> {
  const resources = new RunResources(engine);
  const scripts = new Map<string, string>();
  try {
    const id = await engine.createContainer({ Image: manifest.image.id, Entrypoint: ['/.harden-never-started'], Cmd: [], NetworkDisabled: true, Labels: resources.labels('inspect') });
    resources.trackContainer(id);
    for (const step of manifest.execution.chain) {
      if (!step.interpreter || step.program === manifest.execution.main.program) continue;
      const text = await readContainerFile(engine, id, index.realpath(step.program) ?? step.program, 256 * 1024);
      if (text !== undefined) scripts.set(step.program, text);
    }
    return scripts;
  } finally {
    await resources.removeAll();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

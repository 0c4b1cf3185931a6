/**
 * Records real data for the unit tests: profiles each fixture image on the running engine and
 * keeps the raw trace, the engine's change list, the image config and the part of the image index
 * the analysis looks at, under test/unit/fixtures/recorded/<fixture>/.
 * Run after scripts/build-fixtures.sh:  npx tsx scripts/record-test-data.ts [FIXTURE…]
 * (all fixtures, or only those named: a new recording changes pids and timings, so re-record only
 * what changed).
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { posix, join } from 'node:path';
import { connectEngine } from '../src/core/docker/dockerEngine';
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
    // Keep what the analysis asks the index about: every traced path and its ancestors, the bin
    // directories, and everything below the writable paths (to count hidden files).
    const wanted = new Set<string>(['/']);
    const addWithAncestors = (path: string): void => {
      for (let current = path; current !== '/'; current = posix.dirname(current)) wanted.add(current);
    };
    for (const path of [...facts.writes.keys(), ...facts.reads.keys(), ...facts.execs.map((exec) => exec.program)]) addWithAncestors(path);
    for (const change of result.run.changes) addWithAncestors(change.path);
    const below = [...BIN_DIRECTORIES, ...result.manifest.writablePaths.map((path) => path.path), ...result.manifest.image.volumes];
    const snapshot = result.index.snapshot(
      (path) => wanted.has(path) || below.some((dir) => path === dir || path.startsWith(`${dir}/`)) || wanted.has(posix.dirname(path)),
    );
    const write = (file: string, value: unknown): void => writeFileSync(join(dir, file), `${JSON.stringify(value, null, 1)}\n`);
    write('changes.json', result.run.changes);
    write('index.json', snapshot);
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

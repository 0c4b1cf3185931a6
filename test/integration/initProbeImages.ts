import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerEngine } from '../../src/core/docker/dockerEngine';
import { packTar, type TarEntryInput } from '../../src/core/docker/tarArchive';
import { initBinaryPath } from '../../src/core/init/initBinary';
import { quote, serializeInitConfig, type InitConfig } from '../../src/core/init/initConfig';
import { runCommand } from './hostCommand';

/**
 * The images test/integration/hardenInit.test.ts runs, built here through the Engine API without a
 * registry: FROM scratch with the init, its configurations and the probe app, and a pruned copy of
 * the Debian fixture base.
 */
export const PROBE_IMAGE = 'harden-test/init-probe:test';
export const PRUNED_IMAGE = 'harden-test/init-pruned:test';
export const BASE_IMAGE = 'harden-fixture/base:bookworm';
export const PROBE = '/app/probe';

/** The tree baked at /seed: owners, modes, a symlink and fixed times for `seed` to carry over. */
const SEED_TIME = new Date('2020-01-02T03:04:05Z');
export const SEED_TREE: TarEntryInput[] = [
  { name: 'data', type: 'directory', mode: 0o750, uid: 1000, gid: 1000 },
  { name: 'data/app.ini', type: 'file', mode: 0o640, uid: 1000, gid: 1000, content: Buffer.from('[app]\nname=probe\n') },
  { name: 'data/current', type: 'symlink', mode: 0o777, uid: 1000, gid: 1000, linkname: 'app.ini' },
  { name: 'data/private', type: 'directory', mode: 0o700, uid: 1001, gid: 1002 },
  { name: 'data/private/key', type: 'file', mode: 0o600, uid: 1001, gid: 1002, content: Buffer.from('secret key\n') },
  { name: 'data/shared', type: 'directory', mode: 0o2775, uid: 0, gid: 1000 },
  { name: 'mine', type: 'directory', mode: 0o700, uid: 1000, gid: 1000 },
  { name: 'mine/db', type: 'file', mode: 0o600, uid: 1000, gid: 1000, content: Buffer.from('rows\n') },
  { name: 'other', type: 'directory', mode: 0o755 },
  { name: 'other/not-seeded', type: 'file', mode: 0o644, content: Buffer.from('from the second seed\n') },
].map((entry) => ({ ...entry, mtime: SEED_TIME }) as TarEntryInput);

export const SECRET = 's3cret';

/** Compiles harden-init (when its sources changed) and the probe, both static, for this machine. */
export function compileBinaries(architecture: string, folder: string): { init: string; probe: string } {
  execFileSync('bash', ['scripts/build-init.sh'], { stdio: 'inherit' });
  const probe = join(folder, 'probe');
  execFileSync('musl-gcc', ['-static', '-Os', '-Wall', '-Wextra', '-Werror', '-o', probe, 'test/fixtures/init-probe/probe-app.c']);
  return { init: initBinaryPath(architecture, {}), probe };
}

/** The probe image: every configuration at /.harden/NAME.conf (`--config` picks one), init.conf checked at build. */
export async function buildProbeImage(engine: DockerEngine, binaries: { init: string; probe: string }, configs: Record<string, InitConfig>): Promise<void> {
  const context = mkdtempSync(join(tmpdir(), 'harden-init-probe-'));
  copyFileSync(binaries.init, join(context, 'harden-init'));
  copyFileSync(binaries.probe, join(context, 'probe'));
  mkdirSync(join(context, 'configs'));
  for (const [name, config] of Object.entries(configs)) writeFileSync(join(context, 'configs', `${name}.conf`), serializeInitConfig(config));
  mkdirSync(join(context, 'secrets'));
  writeFileSync(join(context, 'secrets', 'password'), `${SECRET}\n`);
  writeFileSync(join(context, 'seed.tar'), await packTar(SEED_TREE));
  writeFileSync(
    join(context, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY harden-init /.harden/init',
      `COPY probe ${PROBE}`,
      'COPY secrets/ /run/secrets/',
      'ADD seed.tar /seed/',
      'COPY configs/ /.harden/',
      'RUN ["/.harden/init", "--check"]',
      'ENTRYPOINT ["/.harden/init"]',
      '',
    ].join('\n'),
  );
  await buildImage(engine, context, PROBE_IMAGE);
}

/**
 * The fixture base pruned to `keep` by `harden-init --prune` in a build stage, then copied into
 * scratch the way a generated Dockerfile.prod does. Resolves with the build's output lines.
 */
export async function buildPrunedImage(engine: DockerEngine, init: string, keep: string[]): Promise<string[]> {
  const context = mkdtempSync(join(tmpdir(), 'harden-init-prune-'));
  copyFileSync(init, join(context, 'harden-init'));
  // A comment of its own each time, so the builder runs the prune again rather than taking its cache.
  const comment = `# kept by the harden-init test of ${new Date().toISOString()}`;
  writeFileSync(join(context, 'keep.list'), [comment, ...keep.map(quote), ''].join('\n'));
  writeFileSync(
    join(context, 'Dockerfile'),
    [
      `FROM ${BASE_IMAGE} AS pruned`,
      'COPY harden-init /.harden/init',
      'COPY keep.list /.harden/keep.list',
      'RUN ["/.harden/init", "--prune", "/.harden/keep.list"]',
      'FROM scratch',
      'COPY --from=pruned / /',
      '',
    ].join('\n'),
  );
  return buildImage(engine, context, PRUNED_IMAGE);
}

/** Removes the pruned image and its build stage: both untagged but for the test's tag, so nothing else holds them. */
export async function removePrunedImage(buildLines: string[]): Promise<void> {
  const prune = buildLines.findIndex((line) => line.includes('"--prune"'));
  const stage = buildLines.slice(prune).map((line) => /^ ---> ([0-9a-f]{12})$/.exec(line)?.[1]).find((id) => id !== undefined);
  await runCommand('docker', ['image', 'rm', PRUNED_IMAGE, ...(stage ? [stage] : [])]);
}

/** A build with a configuration the init refuses: resolves with the build's error and output. */
export async function buildWithBadConfig(engine: DockerEngine, init: string, configText: string): Promise<{ error: string | undefined; lines: string[] }> {
  const context = mkdtempSync(join(tmpdir(), 'harden-init-bad-'));
  copyFileSync(init, join(context, 'harden-init'));
  writeFileSync(join(context, 'init.conf'), configText);
  writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY harden-init /.harden/init\nCOPY init.conf /.harden/init.conf\nRUN ["/.harden/init", "--check"]\n');
  return runBuild(engine, context, 'harden-test/init-bad:test');
}

async function buildImage(engine: DockerEngine, context: string, tag: string): Promise<string[]> {
  const { error, lines } = await runBuild(engine, context, tag);
  if (error) throw new Error(`building ${tag} failed: ${error}\n${lines.slice(-20).join('\n')}`);
  return lines;
}

/** A build through the Engine API: its error, if any, and every line it printed; the context is removed after. */
async function runBuild(engine: DockerEngine, context: string, tag: string): Promise<{ error: string | undefined; lines: string[] }> {
  const lines: string[] = [];
  const error = await engine
    .buildImage(context, readdirSync(context), {
      dockerfile: 'Dockerfile',
      tag,
      signal: new AbortController().signal,
      // The builder colours what a RUN step writes to stderr.
      onEvent: (event) => lines.push(...(event.stream ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((line) => line.trim() !== '')),
    })
    .finally(() => rmSync(context, { recursive: true, force: true }));
  return { error, lines };
}

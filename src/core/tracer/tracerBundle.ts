import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { arch as hostArch, platform } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { packTar, type TarEntryInput } from '../docker/tarArchive';
import { HardenError } from '../errors';

const run = promisify(execFile);

/** The tracer as it is delivered into the container: strace with its own loader and libraries. */
export interface TracerBundle {
  /** The tar to put into the tracer volume (paths relative to the mount point). */
  tar: Buffer;
  /** Engine architecture names (`amd64`, `arm64`) this bundle runs on. */
  architecture: string;
  /** Loader file name inside `lib/`. */
  loader: string;
  /** `strace -V` first line, for the manifest. */
  version: string;
  /** Where it came from, for messages and the README: `host strace /usr/bin/strace` or the bundle path. */
  origin: string;
}

const ENGINE_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', s390x: 's390x', ppc64: 'ppc64le' };

/**
 * Finds a tracer for an engine of the given architecture: the bundle named by HARDEN_TRACER (made by
 * `harden tracer export` on a Linux machine), or else the host's own strace with the shared
 * libraries and dynamic loader it uses, so it runs in any image whatever its libc.
 */
export async function loadTracerBundle(engineArchitecture: string, env: NodeJS.ProcessEnv): Promise<TracerBundle> {
  if (env.HARDEN_TRACER) return readExportedBundle(env.HARDEN_TRACER, engineArchitecture);
  const architecture = ENGINE_ARCH[hostArch()] ?? hostArch();
  if (platform() !== 'linux' || architecture !== engineArchitecture) {
    throw new HardenError(
      'tracer-unavailable',
      `The engine runs linux/${engineArchitecture} but this machine is ${platform()}/${architecture}, so its strace cannot be used; ` +
        `run \`harden tracer export tracer.tar\` on a linux/${engineArchitecture} machine with strace installed and set HARDEN_TRACER=tracer.tar.`,
    );
  }
  return collectHostStrace(env, architecture);
}

async function collectHostStrace(env: NodeJS.ProcessEnv, architecture: string): Promise<TracerBundle> {
  const strace = findOnPath('strace', env.PATH ?? '');
  if (!strace) {
    throw new HardenError('tracer-unavailable', 'strace is not installed on this machine; install it (Debian/Ubuntu: apt-get install strace) or set HARDEN_TRACER.');
  }
  const [{ stdout: lddOutput }, { stdout: versionOutput }] = await Promise.all([
    run('ldd', [strace]),
    run(strace, ['-V']),
  ]);
  const libraries = parseLdd(lddOutput);
  const loader = libraries.find((library) => /\/ld-[^/]*\.so/.test(library.path) || basename(library.path).startsWith('ld-'));
  if (!loader) throw new HardenError('tracer-unavailable', `Could not find the dynamic loader of ${strace} in the output of ldd.`);
  const entries: TarEntryInput[] = [
    { name: 'lib', type: 'directory', mode: 0o755 },
    { name: 'strace', type: 'file', mode: 0o755, content: readFileSync(realpathSync(strace)) },
    ...libraries.map((library) => ({
      name: `lib/${library.name}`,
      type: 'file' as const,
      mode: 0o755,
      content: readFileSync(realpathSync(library.path)),
    })),
  ];
  return {
    tar: await packTar(entries),
    architecture,
    loader: loader.name,
    version: versionOutput.split('\n')[0].trim(),
    origin: `host strace ${strace}`,
  };
}

/**
 * Writes the host's strace bundle to `path` (a tar) and its description to `path.json`, for
 * HARDEN_TRACER on machines whose own strace cannot run in the engine (Docker Desktop, remote engines).
 */
export async function exportTracerBundle(path: string, env: NodeJS.ProcessEnv): Promise<TracerBundle> {
  if (platform() !== 'linux') {
    throw new HardenError('tracer-unavailable', 'A tracer bundle can only be made on Linux, from its own strace.');
  }
  const bundle = await collectHostStrace(env, ENGINE_ARCH[hostArch()] ?? hostArch());
  writeFileSync(path, bundle.tar);
  writeFileSync(`${path}.json`, `${JSON.stringify({ architecture: bundle.architecture, loader: bundle.loader, version: bundle.version }, null, 2)}\n`);
  return bundle;
}

function readExportedBundle(path: string, engineArchitecture: string): TracerBundle {
  if (!existsSync(path)) throw new HardenError('tracer-unavailable', `HARDEN_TRACER names ${path}, which does not exist.`);
  const metaPath = `${path}.json`;
  if (!existsSync(metaPath)) {
    throw new HardenError('tracer-unavailable', `${metaPath} is missing; make tracer bundles with \`harden tracer export\`.`);
  }
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Omit<TracerBundle, 'tar' | 'origin'>;
  if (meta.architecture !== engineArchitecture) {
    throw new HardenError('tracer-unavailable', `The tracer bundle ${path} is for ${meta.architecture}, the engine runs ${engineArchitecture}.`);
  }
  return { ...meta, tar: readFileSync(path), origin: path };
}

/** `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)` and `/lib64/ld-linux-x86-64.so.2 (0x…)`. */
export function parseLdd(output: string): Array<{ name: string; path: string }> {
  const libraries: Array<{ name: string; path: string }> = [];
  for (const line of output.split('\n')) {
    const arrow = /^\s*(\S+) => (\/\S+)/.exec(line);
    const direct = /^\s*(\/\S+) \(0x/.exec(line);
    const path = arrow?.[2] ?? direct?.[1];
    if (path) libraries.push({ name: basename(path), path });
  }
  return libraries;
}

function findOnPath(command: string, pathVariable: string): string | undefined {
  for (const dir of pathVariable.split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describeRun, type CliRun } from './cliProcess';
import { runCommand } from './hostCommand';

/** Fails with what to do when Debian's docker-compose is not installed. */
export async function assertComposeInstalled(): Promise<void> {
  const version = await runCommand('docker-compose', ['version', '--short']).catch((error: Error) => ({ code: null, stdout: '', stderr: error.message }));
  assert.equal(version.code, 0, `docker-compose is missing (${version.stderr.trim()}): run scripts/ensure-docker.sh (npm test does)`);
}

/** Every project a test started in this process, for a last check that none was left behind. */
export const startedProjects: string[] = [];

/**
 * One `docker-compose -p NAME -f … -f …` project: Debian's docker-compose 1.29, the real binary.
 * The unique name keeps tests apart from each other and from anything else on the engine; Compose
 * labels what it creates with it (com.docker.compose.project), which is how leftovers are found.
 */
export class ComposeProject {
  readonly name = `harden-test-${process.pid}-${randomBytes(4).toString('hex')}`;

  constructor(
    /** The project directory: where the generated files are. */
    readonly directory: string,
    /** Absolute paths, or relative to `directory`; later files override earlier ones. */
    readonly files: string[],
  ) {}

  run(args: string[]): Promise<CliRun> {
    const fileArgs = this.files.flatMap((file) => ['-f', file]);
    return runCommand('docker-compose', ['-p', this.name, ...fileArgs, ...args], { cwd: this.directory });
  }

  async up(): Promise<void> {
    startedProjects.push(this.name);
    const run = await this.run(['up', '-d', '--no-build']);
    assert.equal(run.code, 0, describeRun(run));
  }

  /** Stops and removes the containers, the network and the named volumes. */
  down(): Promise<CliRun> {
    return this.run(['down', '--volumes', '--remove-orphans', '--timeout', '5']);
  }

  /** The id of the service's container. */
  async containerId(service: string): Promise<string> {
    const run = await this.run(['ps', '-q', service]);
    assert.equal(run.code, 0, describeRun(run));
    const id = run.stdout.trim();
    assert.ok(id, `no container for ${service}: ${describeRun(run)}`);
    return id;
  }
}

/**
 * Starts the project, runs `body`, and always takes the project down again, also when starting it or
 * `body` failed (that first failure is what the test reports; the suite's last check still finds
 * anything left behind). When all passed, asserts that nothing of the project is left.
 */
export async function withComposeProject(project: ComposeProject, body: () => Promise<void>): Promise<void> {
  let failure: unknown;
  try {
    await project.up();
    await body();
  } catch (error) {
    failure = error;
  }
  const down = await project.down();
  if (failure !== undefined) throw failure;
  assert.equal(down.code, 0, describeRun(down));
  assert.deepEqual(await composeLeftovers(project.name), [], `docker-compose down -v left part of ${project.name} behind`);
}

/** Containers, networks and volumes Compose created for the project and did not remove. */
export async function composeLeftovers(projectName: string): Promise<string[]> {
  const label = `label=com.docker.compose.project=${projectName}`;
  const kinds: Array<[string, string[]]> = [
    ['container', ['ps', '--all', '--filter', label, '--format', '{{.Names}}']],
    ['network', ['network', 'ls', '--filter', label, '--format', '{{.Name}}']],
    ['volume', ['volume', 'ls', '--filter', label, '--format', '{{.Name}}']],
  ];
  const found = await Promise.all(
    kinds.map(async ([kind, args]) => {
      const run = await runCommand('docker', args);
      assert.equal(run.code, 0, describeRun(run));
      return run.stdout.split('\n').filter(Boolean).map((name) => `${kind} ${name}`);
    }),
  );
  return found.flat();
}

/** The name of the (first) service of a generated Compose file in `dir`. */
export function serviceName(dir: string, file = 'compose.hardened.yaml'): string {
  const compose = parse(readFileSync(join(dir, file), 'utf8')) as { services: Record<string, unknown> };
  return Object.keys(compose.services)[0];
}

/**
 * The generated file publishes no port, on purpose; to reach the app from the host a user adds
 * `ports:` in a file of their own, passed after it with a second `-f`. This writes that file, with
 * any other keys of the service given in `more` (an `environment:`).
 */
export function publishingOverride(service: string, hostPort: number, containerPort: number, more: Record<string, unknown> = {}): string {
  const path = join(mkdtempSync(join(tmpdir(), 'harden-ports-')), 'compose.ports.yaml');
  writeFileSync(path, JSON.stringify({ services: { [service]: { ports: [`127.0.0.1:${hostPort}:${containerPort}`], ...more } } }));
  return path;
}

import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DockerEngine, EngineHostConfig, EngineMount } from '../../src/core/docker/dockerEngine';
import { readStream, walkTar } from '../../src/core/docker/tarArchive';
import { serializeInitConfig, validateInitConfig, type InitConfig } from '../../src/core/init/initConfig';
import { isStaticExecutable } from '../unit/init/elfProgramHeaders';
import { engineWithFixtures } from './engineForTests';
import {
  BASE_IMAGE,
  buildProbeImage,
  buildPrunedImage,
  buildWithBadConfig,
  compileBinaries,
  PROBE,
  PROBE_IMAGE,
  PRUNED_IMAGE,
  removePrunedImage,
  SECRET,
  SEED_TREE,
} from './initProbeImages';

const TEST_LABEL = 'dev.harden.test';
const HARD = { CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] };
const DROP_CAPABILITIES = { ...HARD, CapAdd: ['SETUID', 'SETGID'] };

/** Every configuration the probe image carries, as /.harden/NAME.conf. */
const CONFIGS: Record<string, InitConfig> = {
  init: { exec: [PROBE, 'report'] },
  // Two lines: the Engine client would take a terminal's log of one JSON line for a JSON answer.
  terminal: { exec: [PROBE, 'mark:terminal', 'report'] },
  wait: { exec: [PROBE, 'wait'] },
  'ignore-term': { exec: [PROBE, 'ignore-term'] },
  orphan: { exec: [PROBE, 'report', 'orphan', 'sleep:1000', 'zombies'] },
  env: {
    fileEnv: ['PASSWORD'],
    environment: [
      { kind: 'default', name: 'GREETING', value: 'hello ${NAME:-world}' },
      { kind: 'set', name: 'FIXED', value: '$$5' },
      { kind: 'unset', name: 'DROPPED' },
    ],
    require: ['DB_URL'],
    exec: [PROBE, 'report', '--port=${PORT:-8080}', '--mode=${MODE:=production}', '${EMPTY}', 'two words'],
  },
  token: { exec: [PROBE, 'report', '${TOKEN:?set TOKEN to the API token}'] },
  action: { exec: [PROBE, '${ACTION}'] },
  'on-path': { environment: [{ kind: 'set', name: 'PATH', value: '/app' }], exec: ['probe', 'exit:5'] },
  'not-on-path': { exec: ['probe', 'exit:5'] },
  drop: { user: { uid: 1000, gid: 1000, groups: [1000, 2000] }, exec: [PROBE, 'report', 'wait'] },
  'self-drop': { exec: [PROBE, 'setuid:1000', 'report', 'wait'] },
  'self-drop-pid1': { exec: [PROBE, 'setuid:1000', 'report', 'wait'], appIsPid1: true },
  steps: {
    steps: [
      { kind: 'mkdir', path: '/work/data/cache', mode: 0o750, uid: 1000, gid: 1000 },
      { kind: 'chown', path: '/work/data', uid: 1000, gid: 1000 },
      { kind: 'mkdir', path: '/work/shared', mode: 0o755, uid: 0, gid: 0 },
      { kind: 'chmod', path: '/work/shared', mode: 0o3777 },
    ],
    umask: 0o027,
    workdir: '/work/data',
    exec: [PROBE, 'stat:/work/data', 'stat:/work/data/cache', 'stat:/work/shared', 'report'],
  },
  // Already in the state asked for: as user 1000, an lchown or chmod of /app (root's) would fail.
  'steps-as-user': {
    steps: [
      { kind: 'mkdir', path: '/work/data', mode: 0o750, uid: 1000, gid: 1000 },
      { kind: 'chown', path: '/app', uid: 0, gid: 0 },
      { kind: 'chmod', path: '/app', mode: 0o755 },
    ],
    exec: [PROBE, 'stat:/work/data'],
  },
  'steps-refused': { steps: [{ kind: 'chown', path: '/app', uid: 1000, gid: 1000 }], exec: [PROBE, 'report'] },
  seed: { steps: [{ kind: 'seed', source: '/seed/data', target: '/data' }], exec: [PROBE, 'stat:/seed/data', 'tree:/seed/data', 'mark:target', 'stat:/data', 'tree:/data'] },
  // After the drop, as the app's user: into a path only it may enter, from a tree it owns.
  'seed-as-user': {
    user: { uid: 1000, gid: 1000 },
    steps: [{ kind: 'seed', source: '/seed/mine', target: '/work/db' }],
    exec: [PROBE, 'stat:/work/db', 'stat:/work/db/db'],
  },
  'seed-foreign-as-user': { user: { uid: 1000, gid: 1000 }, steps: [{ kind: 'seed', source: '/seed/data', target: '/work/data' }], exec: [PROBE, 'report'] },
  'seed-other': { steps: [{ kind: 'seed', source: '/seed/other', target: '/data' }], exec: [PROBE, 'mark:target', 'stat:/data', 'tree:/data'] },
};

interface RunOptions {
  env?: string[];
  tty?: boolean;
  user?: string;
  host?: EngineHostConfig;
  entrypoint?: string[];
  cmd?: string[];
}

/** What a probe container printed: its lines, and the JSON records among them. */
interface ProbeOutput {
  exitCode: number;
  lines: string[];
  records: Array<Record<string, unknown>>;
}

interface ProbeReport {
  argv: string[];
  env: string[];
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  groups: number[];
  cwd: string;
  umask: number;
  pid: number;
  ppid: number;
  pgid: number;
  foreground: number;
}

interface ProbeStat {
  path: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: string;
  target?: string;
}

const hostArchitecture = arch() === 'x64' ? 'amd64' : arch();

describe('harden-init in real containers', function () {
  this.timeout(5 * 60 * 1000);
  let engine: DockerEngine;
  let init: string;
  let folder = '';
  const containers: string[] = [];
  const volumes: string[] = [];
  let prunedBuild: string[] | undefined;

  before(async function () {
    engine = await engineWithFixtures([BASE_IMAGE]);
    // The probe is compiled for this machine; an engine of another architecture could not run it.
    if ((await engine.version()).arch !== hostArchitecture) this.skip();
    for (const [name, config] of Object.entries(CONFIGS)) assert.deepEqual(validateInitConfig(config), [], name);
    folder = mkdtempSync(join(tmpdir(), 'harden-init-test-'));
    const binaries = compileBinaries(hostArchitecture, folder);
    init = binaries.init;
    await buildProbeImage(engine, binaries, CONFIGS);
  });

  after(async () => {
    for (const id of containers) await engine?.removeContainer(id);
    for (const name of volumes) await engine?.removeVolume(name);
    if (prunedBuild) await removePrunedImage(prunedBuild);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  async function create(config: string, options: RunOptions = {}): Promise<string> {
    const id = await engine.createContainer({
      Image: PROBE_IMAGE,
      Entrypoint: options.entrypoint,
      Cmd: options.cmd ?? ['--config', `/.harden/${config}.conf`],
      Env: options.env,
      User: options.user,
      Tty: options.tty,
      Labels: { [TEST_LABEL]: 'harden-init' },
      HostConfig: options.host,
    });
    containers.push(id);
    return id;
  }

  async function output(id: string, exitCode: number): Promise<ProbeOutput> {
    const lines = await engine.logs(id, 10000);
    const records = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    return { exitCode, lines, records };
  }

  /** Runs the probe under `config` to its end. */
  async function run(config: string, options: RunOptions = {}): Promise<ProbeOutput> {
    const id = await create(config, options);
    await engine.startContainer(id);
    const exitCode = await engine.waitContainer(id);
    return output(id, exitCode);
  }

  /** Starts the probe and resolves once it says it is waiting for SIGTERM. */
  async function startWaiting(config: string, options: RunOptions = {}): Promise<string> {
    const id = await create(config, options);
    await engine.startContainer(id);
    for (let tries = 0; tries < 100; tries++) {
      const lines = await engine.logs(id, 100);
      if (lines.includes('probe: waiting')) return id;
      if (!(await engine.inspectContainer(id)).State.Running) break;
      await sleep(100);
    }
    throw new Error(`the probe under ${config} never waited: ${(await engine.logs(id, 100)).join('\n')}`);
  }

  /** `docker stop` with `timeout` seconds, measured. */
  async function timedStop(id: string, timeout: number): Promise<{ seconds: number } & ProbeOutput> {
    const started = performance.now();
    await engine.stopContainer(id, timeout);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, ...(await output(id, await engine.waitContainer(id))) };
  }

  const reportOf = (probe: ProbeOutput): ProbeReport => {
    const record = probe.records.find((entry) => 'report' in entry);
    assert.ok(record, `no report in:\n${probe.lines.join('\n')}`);
    return record.report as ProbeReport;
  };
  const statsOf = (probe: ProbeOutput): ProbeStat[] => probe.records.filter((entry) => 'stat' in entry).map((entry) => entry.stat as ProbeStat);
  const statOf = (probe: ProbeOutput, path: string): ProbeStat | undefined => statsOf(probe).find((entry) => entry.path === path);
  const initLines = (probe: ProbeOutput) => probe.lines.filter((line) => line.startsWith('harden-init: '));

  describe('signals', () => {
    it('passes SIGTERM on to the app, so docker stop ends it in under a second', async () => {
      const stop = await timedStop(await startWaiting('wait'), 10);
      assert.ok(stop.seconds <= 1, `docker stop took ${stop.seconds.toFixed(2)} s`);
      assert.ok(stop.lines.includes('probe: got SIGTERM'), stop.lines.join('\n'));
      assert.equal(stop.exitCode, 0);
    });

    it('takes the whole stop timeout when the app ignores SIGTERM (the measure can fail)', async () => {
      const stop = await timedStop(await startWaiting('ignore-term'), 10);
      assert.ok(stop.seconds >= 9.5, `docker stop took ${stop.seconds.toFixed(2)} s`);
      assert.equal(stop.exitCode, 137);
    });
  });

  describe('reaping', () => {
    const adoptionOf = (probe: ProbeOutput) => ({
      parentOfApp: reportOf(probe).ppid,
      adoptedBy: probe.records.find((entry) => 'adopted_by' in entry)?.adopted_by,
      zombies: probe.records.find((entry) => 'zombies' in entry)?.zombies,
    });

    it('adopts an orphaned grandchild and reaps it once it exits: no zombie is left', async () => {
      const probe = await run('orphan');
      assert.deepEqual(adoptionOf(probe), { parentOfApp: 1, adoptedBy: 1, zombies: 0 });
      assert.equal(probe.exitCode, 0);
    });

    it('leaves the zombie when the app is PID 1 itself, without the init (the check can fail)', async () => {
      const probe = await run('', { entrypoint: [PROBE], cmd: CONFIGS.orphan.exec.slice(1) });
      assert.deepEqual(adoptionOf(probe), { parentOfApp: 0, adoptedBy: 1, zombies: 1 });
    });

    it("adopts orphans as a subreaper when it is not PID 1 (under Docker's --init)", async () => {
      const { parentOfApp, adoptedBy, zombies } = adoptionOf(await run('orphan', { host: { Init: true } }));
      assert.notEqual(parentOfApp, 1);
      assert.deepEqual({ adoptedBy, zombies }, { adoptedBy: parentOfApp, zombies: 0 });
    });
  });

  describe('process group and terminal', () => {
    it('starts the app in a process group of its own, the foreground group of the terminal under docker run -t', async () => {
      const withTerminal = reportOf(await run('terminal', { tty: true }));
      assert.deepEqual([withTerminal.pgid, withTerminal.foreground], [withTerminal.pid, withTerminal.pid]);
      const without = reportOf(await run('init'));
      assert.deepEqual([without.pgid, without.foreground], [without.pid, -1]);
    });
  });

  describe('the environment', () => {
    it('exits 78 naming a required variable that is not set', async () => {
      const probe = await run('env');
      assert.equal(probe.exitCode, 78);
      assert.deepEqual(probe.lines, ['harden-init: required variable DB_URL is not set']);
      assert.equal((await run('env', { env: ['DB_URL=postgres://db'] })).exitCode, 0);
    });

    it('expands ${PORT:-8080} to its default when PORT is unset, and to PORT when set', async () => {
      assert.equal(reportOf(await run('env', { env: ['DB_URL=x'] })).argv[2], '--port=8080');
      assert.equal(reportOf(await run('env', { env: ['DB_URL=x', 'PORT=9090'] })).argv[2], '--port=9090');
    });

    it('assigns ${MODE:=production} into the environment the app gets, unless MODE is set', async () => {
      const assigned = reportOf(await run('env', { env: ['DB_URL=x'] }));
      assert.equal(assigned.argv[3], '--mode=production');
      assert.ok(assigned.env.includes('MODE=production'), assigned.env.join(' '));
      const given = reportOf(await run('env', { env: ['DB_URL=x', 'MODE=dev'] }));
      assert.equal(given.argv[3], '--mode=dev');
      assert.ok(given.env.includes('MODE=dev'));
    });

    it('makes each configured argument exactly one argument, even an empty one or one with a space', async () => {
      const report = reportOf(await run('env', { env: ['DB_URL=x'] }));
      assert.deepEqual(report.argv, [PROBE, 'report', '--port=8080', '--mode=production', '', 'two words']);
    });

    it('applies default, set and unset', async () => {
      const defaults = reportOf(await run('env', { env: ['DB_URL=x', 'DROPPED=1'] })).env;
      assert.ok(defaults.includes('GREETING=hello world') && defaults.includes('FIXED=$5'), defaults.join(' '));
      assert.ok(!defaults.some((entry) => entry.startsWith('DROPPED=')));
      const given = reportOf(await run('env', { env: ['DB_URL=x', 'NAME=you'] })).env;
      assert.ok(given.includes('GREETING=hello you'));
      const kept = reportOf(await run('env', { env: ['DB_URL=x', 'GREETING=hi'] })).env;
      assert.ok(kept.includes('GREETING=hi'));
    });

    it('reads PASSWORD from PASSWORD_FILE without its trailing newline, and unsets PASSWORD_FILE', async () => {
      const env = reportOf(await run('env', { env: ['DB_URL=x', 'PASSWORD_FILE=/run/secrets/password'] })).env;
      assert.ok(env.includes(`PASSWORD=${SECRET}`), env.join(' '));
      assert.ok(!env.some((entry) => entry.startsWith('PASSWORD_FILE=')));
    });

    it('exits 78 when both PASSWORD and PASSWORD_FILE are set, or the file cannot be read', async () => {
      const both = await run('env', { env: ['DB_URL=x', 'PASSWORD=a', 'PASSWORD_FILE=/run/secrets/password'] });
      assert.equal(both.exitCode, 78);
      assert.deepEqual(both.lines, ['harden-init: both PASSWORD and PASSWORD_FILE are set; set only one of them']);
      const missing = await run('env', { env: ['DB_URL=x', 'PASSWORD_FILE=/run/secrets/nope'] });
      assert.equal(missing.exitCode, 78);
      assert.deepEqual(missing.lines, ['harden-init: cannot read PASSWORD_FILE=/run/secrets/nope: No such file or directory']);
    });

    it('exits 78 with the message of ${TOKEN:?message} when TOKEN is not set', async () => {
      const probe = await run('token');
      assert.equal(probe.exitCode, 78);
      assert.deepEqual(probe.lines, ['harden-init: TOKEN: set TOKEN to the API token']);
      assert.equal(reportOf(await run('token', { env: ['TOKEN=t'] })).argv[2], 't');
    });
  });

  describe('the command line', () => {
    it("runs the image's CMD (the init's arguments) instead of the exec line, with the same expansion", async () => {
      const probe = await run('init', { cmd: ['--config', '/.harden/init.conf', PROBE, 'report', '--port=${PORT:-8080}', '$$5'], env: ['PORT=9090'] });
      assert.equal(probe.exitCode, 0, probe.lines.join('\n'));
      assert.deepEqual(reportOf(probe).argv, [PROBE, 'report', '--port=9090', '$5']);
    });

    it('takes the arguments after -- with the options before it', async () => {
      const probe = await run('', { env: ['DB_URL=x'], cmd: ['--config', '/.harden/env.conf', '--', PROBE, 'report'] });
      assert.deepEqual(reportOf(probe).argv, [PROBE, 'report']);
      assert.ok(reportOf(probe).env.includes('GREETING=hello world'));
    });

    it('exits 64 for an option it does not know, and 78 for a $ form it does not know', async () => {
      const option = await run('', { cmd: ['--frobnicate'] });
      assert.equal(option.exitCode, 64);
      assert.equal(initLines(option)[0], "harden-init: unknown option \"--frobnicate\" (the app's arguments go after --)");
      const expansion = await run('', { cmd: [PROBE, '$(id)'] });
      assert.equal(expansion.exitCode, 78);
      assert.match(initLines(expansion)[0], /^harden-init: "\$\(id\)" is not an expansion harden-init knows/);
    });

    it('runs the exec line when there are no arguments (the sibling)', async () => {
      const probe = await run('init');
      assert.deepEqual(reportOf(probe).argv, [PROBE, 'report']);
    });
  });

  describe('exit status', () => {
    it("passes the app's exit code on, and 128+n when a signal n killed it", async () => {
      const expected: Array<[string, number]> = [['exit:0', 0], ['exit:3', 3], ['kill:9', 137], ['kill:11', 139]];
      for (const [action, code] of expected) {
        assert.equal((await run('action', { env: [`ACTION=${action}`] })).exitCode, code, action);
      }
    });

    it('looks a bare program name up in the PATH the configuration sets, and exits 127 when it is not found', async () => {
      assert.equal((await run('on-path')).exitCode, 5);
      const missing = await run('not-on-path');
      assert.equal(missing.exitCode, 127);
      assert.deepEqual(missing.lines, ['harden-init: cannot run probe: No such file or directory']);
    });
  });

  describe('the privilege drop', () => {
    const asRootWithoutKill = { host: DROP_CAPABILITIES };

    it('runs the app as the configured user and groups, and docker stop still reaches it in under a second', async () => {
      const id = await startWaiting('drop', asRootWithoutKill);
      const report = reportOf(await output(id, -1));
      assert.deepEqual([report.uid, report.gid, report.euid, report.egid, report.groups, report.ppid], [1000, 1000, 1000, 1000, [1000, 2000], 1]);
      const stop = await timedStop(id, 10);
      assert.ok(stop.seconds <= 1, `docker stop took ${stop.seconds.toFixed(2)} s`);
      assert.ok(stop.lines.includes('probe: got SIGTERM'));
      assert.equal(stop.exitCode, 0);
    });

    it('cannot stop an app that changed user by itself while the init stayed root without CAP_KILL', async () => {
      const id = await startWaiting('self-drop', asRootWithoutKill);
      assert.equal(reportOf(await output(id, -1)).uid, 1000);
      const stop = await timedStop(id, 3);
      assert.ok(stop.seconds >= 2.5, `docker stop took ${stop.seconds.toFixed(2)} s`);
      assert.equal(stop.exitCode, 137);
      assert.deepEqual(initLines(stop), ['harden-init: cannot forward Terminated to the app: Operation not permitted']);
    });

    it('stops such an app in under a second when it takes PID 1 over (app-is-pid1): no CAP_KILL needed', async () => {
      const id = await startWaiting('self-drop-pid1', asRootWithoutKill);
      const report = reportOf(await output(id, -1));
      assert.deepEqual([report.uid, report.pid], [1000, 1]);
      const stop = await timedStop(id, 10);
      assert.ok(stop.seconds <= 1, `docker stop took ${stop.seconds.toFixed(2)} s`);
      assert.ok(stop.lines.includes('probe: got SIGTERM'));
      assert.deepEqual(initLines(stop), []);
    });

    it('exits 71 naming the call when the drop is not permitted', async () => {
      const probe = await run('drop', { host: HARD });
      assert.equal(probe.exitCode, 71);
      assert.deepEqual(probe.lines, ['harden-init: cannot drop to user 1000:1000: setgroups: Operation not permitted']);
    });

    it('skips the drop when the container already runs as that user', async () => {
      const id = await startWaiting('drop', { user: '1000:1000', host: HARD });
      const report = reportOf(await output(id, -1));
      assert.deepEqual([report.uid, report.gid], [1000, 1000]);
      assert.equal((await timedStop(id, 10)).exitCode, 0);
    });
  });

  describe('start-up steps', () => {
    it('makes directories, owners and modes on a tmpfs as root, then sets umask and workdir', async () => {
      const probe = await run('steps', { host: { Tmpfs: { '/work': 'mode=0755' } } });
      assert.equal(probe.exitCode, 0, probe.lines.join('\n'));
      const brief = (path: string) => {
        const stat = statOf(probe, path);
        return stat && [stat.type, stat.mode.toString(8), stat.uid, stat.gid];
      };
      assert.deepEqual(brief('/work/data'), ['dir', '755', 1000, 1000]);
      assert.deepEqual(brief('/work/data/cache'), ['dir', '750', 1000, 1000]);
      assert.deepEqual(brief('/work/shared'), ['dir', '3777', 0, 0]);
      const report = reportOf(probe);
      assert.deepEqual([report.umask.toString(8), report.cwd], ['27', '/work/data']);
    });

    it('does nothing where the state is already right, so a non-root start with no capabilities passes', async () => {
      const probe = await run('steps-as-user', { user: '1000:1000', host: { ...HARD, Tmpfs: { '/work': 'mode=0755,uid=1000,gid=1000' } } });
      assert.equal(probe.exitCode, 0, probe.lines.join('\n'));
      const data = statOf(probe, '/work/data');
      assert.deepEqual(data && [data.mode.toString(8), data.uid, data.gid], ['750', 1000, 1000]);
    });

    it('exits 71 naming the step when the state differs and cannot be changed', async () => {
      const probe = await run('steps-refused', { user: '1000:1000', host: HARD });
      assert.equal(probe.exitCode, 71);
      assert.deepEqual(probe.lines, ['harden-init: line 2: chown /app: lchown: Operation not permitted']);
    });
  });

  describe('seed', () => {
    const volume = `harden-test-init-seed-${process.pid}`;
    const mount: EngineMount = { Type: 'volume', Source: volume, Target: '/data' };
    /** The stats before and after the mark, without the root part of their paths. */
    const sides = (probe: ProbeOutput) => {
      const mark = probe.records.findIndex((entry) => 'mark' in entry);
      const strip = (records: Array<Record<string, unknown>>) =>
        records
          .filter((entry) => 'stat' in entry)
          .map((entry) => entry.stat as ProbeStat)
          .map((stat) => ({ ...stat, path: stat.path.replace(/^\/(seed\/)?data/, '') }))
          .sort((left, right) => left.path.localeCompare(right.path));
      return { source: strip(probe.records.slice(0, mark)), target: strip(probe.records.slice(mark)) };
    };
    let seeded: ProbeStat[] = [];

    before(async () => {
      await engine.createVolume(volume, { [TEST_LABEL]: 'harden-init' });
      volumes.push(volume);
    });

    it('copies the tree into an empty named volume with types, modes, owners and times', async () => {
      const probe = await run('seed', { host: { Mounts: [mount] } });
      assert.equal(probe.exitCode, 0, probe.lines.join('\n'));
      const { source, target } = sides(probe);
      assert.equal(source.length, SEED_TREE.filter((entry) => entry.name.startsWith('data')).length);
      assert.deepEqual(target, source);
      seeded = target;
    });

    it("copies after the drop, as the app's user, into a path only that user may enter", async () => {
      const probe = await run('seed-as-user', { host: { ...DROP_CAPABILITIES, Tmpfs: { '/work': 'mode=0700,uid=1000,gid=1000' } } });
      assert.equal(probe.exitCode, 0, probe.lines.join('\n'));
      const brief = statsOf(probe).map((stat) => [stat.path, stat.type, stat.mode.toString(8), stat.uid, stat.gid]);
      assert.deepEqual(brief, [['/work/db', 'dir', '700', 1000, 1000], ['/work/db/db', 'file', '600', 1000, 1000]]);
    });

    it("exits 71 when the tree has owners the app's user cannot give", async () => {
      const probe = await run('seed-foreign-as-user', { host: { ...DROP_CAPABILITIES, Tmpfs: { '/work': 'mode=0700,uid=1000,gid=1000' } } });
      assert.equal(probe.exitCode, 71);
      assert.match(initLines(probe).join('\n'), /^harden-init: line 3: seed \/seed\/data \/work\/data: chown \/work\/data\/\S+: Operation not permitted$/);
    });

    it('copies nothing into a volume that already has data', async () => {
      const probe = await run('seed-other', { host: { Mounts: [mount] } });
      assert.equal(probe.exitCode, 0, probe.lines.join('\n'));
      assert.ok(seeded.length > 0);
      assert.deepEqual(sides(probe).target, seeded);
    });
  });

  describe('the image', () => {
    /** Paths the engine adds to every container (mount points, /.dockerenv), apart from the image's own. */
    const isEngineAdded = (name: string) =>
      name === '.dockerenv' || /^(dev|proc|sys)(\/|$)/.test(name) || ['etc', 'etc/hosts', 'etc/hostname', 'etc/resolv.conf', 'etc/mtab'].includes(name);

    async function exportedFiles(image: string): Promise<{ names: string[]; contents: Map<string, Buffer> }> {
      const id = await engine.createContainer({ Image: image, Entrypoint: ['/none'], Labels: { [TEST_LABEL]: 'harden-init' } });
      containers.push(id);
      const names: string[] = [];
      const contents = new Map<string, Buffer>();
      await walkTar(await engine.exportContainer(id), (header) => {
        const name = header.name.replace(/^\.?\//, '').replace(/\/$/, '');
        names.push(name);
        if (header.type !== 'file') return undefined;
        return async (content) => void contents.set(name, await readStream(content));
      });
      return { names: names.filter((name) => name !== '' && !isEngineAdded(name)).sort(), contents };
    }

    it('has no shell and no libc: the static init, its configuration, the static probe and test data', async () => {
      const { names, contents } = await exportedFiles(PROBE_IMAGE);
      const expected = [
        '.harden',
        '.harden/init',
        ...Object.keys(CONFIGS).map((name) => `.harden/${name}.conf`),
        'app',
        'app/probe',
        'run',
        'run/secrets',
        'run/secrets/password',
        'seed',
        ...SEED_TREE.map((entry) => `seed/${entry.name}`),
      ].sort();
      assert.deepEqual(names, expected);
      for (const binary of ['.harden/init', 'app/probe']) assert.ok(isStaticExecutable(contents.get(binary) ?? Buffer.alloc(0)), binary);
    });

    it('fails the build at RUN --check when the configuration is wrong, naming the line', async () => {
      const build = await buildWithBadConfig(engine, init, 'harden-init 1\n# a comment\nfrobnicate "x"\nexec "/app" "$(id)"\n');
      assert.ok(build.error, 'the build should fail');
      const initOutput = build.lines.filter((line) => line.startsWith('harden-init: '));
      assert.deepEqual(initOutput, [
        'harden-init: /.harden/init.conf:3: unknown directive "frobnicate"',
        'harden-init: /.harden/init.conf:4: "$(id)" is not an expansion harden-init knows ($NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:=word}, ${NAME=word}, ${NAME:?message}, ${NAME?message}); write $$ for a literal $',
      ]);
    });

    it('--prune in a build leaves exactly the kept paths, the links on their way and what they point to', async () => {
      const keep = ['/etc/passwd', '/etc/group', '/bin/ls', '/usr/bin/python3', '/var/tmp', '/no/such/file'];
      const output = await buildPrunedImage(engine, init, keep);
      prunedBuild = output;
      assert.ok(output.includes('harden-init: /no/such/file (from /.harden/keep.list) does not exist'), output.join('\n'));
      assert.ok(output.some((line) => /^harden-init: kept 6, removed \d+ files, \d+ directories$/.test(line)), output.join('\n'));
      const { names } = await exportedFiles(PRUNED_IMAGE);
      assert.deepEqual(names, [
        '.harden',
        '.harden/init',
        '.harden/keep.list',
        'bin',
        'etc/group',
        'etc/passwd',
        'usr',
        'usr/bin',
        'usr/bin/ls',
        'usr/bin/python3',
        'usr/bin/python3.11',
        'var',
        'var/tmp',
      ]);
      assert.ok(!names.includes('usr/bin/sh') && !names.includes('usr/bin/dash'));
    });
  });
});

describe('harden-init --check agrees with validateInitConfig', function () {
  this.timeout(60 * 1000);
  let init: string;
  let folder = '';

  before(function () {
    if (hostArchitecture !== 'amd64' && hostArchitecture !== 'arm64') this.skip();
    folder = mkdtempSync(join(tmpdir(), 'harden-init-check-'));
    init = compileBinaries(hostArchitecture, folder).init;
  });

  after(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Runs the init on this machine (it is static, so it runs here as in an image). */
  function runInit(args: string[]): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve) => {
      execFile(init, args, (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }));
    });
  }

  const cases: Array<[string, InitConfig]> = [
    ['every directive', { user: { uid: 1, gid: 2, groups: [3, 4] }, workdir: '/w', umask: 0o22, fileEnv: ['A'], environment: [{ kind: 'default', name: 'B', value: '${A:-x}' }, { kind: 'unset', name: 'C' }], require: ['B'], steps: [{ kind: 'mkdir', path: '/m', mode: 0o1777, uid: 0, gid: 0 }, { kind: 'seed', source: '/s', target: '/t' }], exec: ['/a', '', 'q"uo\\te\n\x01'] }],
    ['a uid out of range', { user: { uid: 4294967295, gid: 0 }, exec: ['/a'] }],
    ['a relative path', { workdir: 'w', exec: ['/a'] }],
    ['a mode with more than 12 bits', { steps: [{ kind: 'chmod', path: '/m', mode: 0o17777 }], exec: ['/a'] }],
    ['a umask beyond 0777', { umask: 0o1022, exec: ['/a'] }],
    ['a bad variable name', { require: ['A-B'], exec: ['/a'] }],
    ['an unknown expansion', { exec: ['/a', '${A%b}'] }],
    ['two levels of expansion', { environment: [{ kind: 'set', name: 'A', value: '${B:-${C:-d}}' }], exec: ['/a'] }],
    ['an empty program', { exec: [''] }],
    ['a seed into its own source', { steps: [{ kind: 'seed', source: '/s', target: '/s/t' }], exec: ['/a'] }],
  ];

  for (const [name, config] of cases) {
    it(`${validateInitConfig(config).length === 0 ? 'accepts' : 'refuses'} ${name}, as the validator does`, async () => {
      const file = join(folder, 'init.conf');
      writeFileSync(file, serializeInitConfig(config));
      const result = await runInit(['--check', '--config', file]);
      const problems = validateInitConfig(config);
      assert.equal(result.code, problems.length === 0 ? 0 : 78, `${result.stderr}\nvalidator: ${problems.join(' ')}`);
      assert.equal(result.stderr.trim().split('\n').filter(Boolean).length, problems.length, result.stderr);
    });
  }

  it('refuses a file without the format line, naming the line', async () => {
    const file = join(folder, 'unversioned.conf');
    writeFileSync(file, '# no version\nexec "/a"\n');
    const result = await runInit(['--check', '--config', file]);
    assert.equal(result.code, 78);
    assert.equal(result.stderr, `harden-init: ${file}:2: the first line must be \`harden-init 1\` (the format version)\n`);
  });

  it('refuses to prune anywhere but as /.harden/init in an image', async () => {
    const result = await runInit(['--prune', '/dev/null']);
    assert.equal(result.code, 64);
    assert.match(result.stderr, /^harden-init: --prune runs only as \/\.harden\/init inside an image build, not as /);
  });

  it('prints its version and the configuration format it reads', async () => {
    const result = await new Promise<string>((resolve, reject) => execFile(init, ['--version'], (error, stdout) => (error ? reject(error) : resolve(stdout))));
    assert.match(result, /^harden-init \d+\.\d+\.\d+ \(configuration format 1\)\n$/);
  });
});

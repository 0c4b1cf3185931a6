import { strict as assert } from 'node:assert';
import { HardenError } from '../../../src/core/errors';
import { parseProfileRecord, profileRecordToJson, recordProfile, type StartupStep } from '../../../src/core/profile/profileRecord';
import { profiledRecording } from '../recordedFixture';

const POSTGRES = '/usr/lib/postgresql/15/bin/postgres';
const ENTRYPOINT = '/usr/local/bin/docker-entrypoint.sh';
const named = (steps: StartupStep[], program: string): StartupStep[] => steps.filter((step) => step.program === program);

describe('the profile record of recorded runs', () => {
  describe('postgres: an entrypoint script that prepares, drops to postgres with setpriv, runs initdb, then execs the server', () => {
    it('the app is the final postgres: its own libraries and configuration are app paths', async () => {
      const { record } = await profiledRecording('postgres');
      assert.deepEqual(record.app.executed, [POSTGRES]);
      for (const path of ['/usr/lib/x86_64-linux-gnu/libicuuc.so.72.1', '/lib/x86_64-linux-gnu/libicuuc.so.72', '/var/lib/postgresql/data/postgresql.conf', '/var/run/postgresql/.s.PGSQL.5432']) {
        assert.ok(record.app.used.includes(path), path);
        assert.ok(!record.startup.used.includes(path), path);
      }
    });

    it('what only the start-up ran or read is start-up, and postgres, which ran in both, is the app\'s', async () => {
      const { record } = await profiledRecording('postgres');
      for (const program of [ENTRYPOINT, '/usr/bin/setpriv', '/usr/bin/mkdir', '/usr/bin/chown', '/usr/bin/chmod', '/usr/lib/postgresql/15/bin/initdb', '/bin/sh']) {
        assert.ok(record.startup.executed.includes(program), program);
        assert.ok(!record.app.executed.includes(program), program);
      }
      assert.ok(!record.startup.executed.includes(POSTGRES));
      assert.ok(record.startup.used.includes('/usr/share/postgresql/15/postgres.bki'), 'read by initdb only');
      assert.ok(!record.app.used.includes('/usr/share/postgresql/15/postgres.bki'));
    });

    it('the chain is the script, setpriv and the script again as postgres; initdb is forked off it', async () => {
      const { record } = await profiledRecording('postgres');
      const chain = record.startupSteps.filter((step) => step.onChain);
      assert.deepEqual(
        chain.map((step) => [step.program, step.uid, step.gid]),
        [
          [ENTRYPOINT, 0, 0],
          ['/usr/bin/setpriv', 0, 0],
          [ENTRYPOINT, 100, 102],
        ],
      );
      assert.equal(chain[0].parent, undefined);
      assert.equal(chain[1].parent, chain[0].image);
      assert.equal(chain[2].parent, chain[1].image);
      const [initdb] = named(record.startupSteps, '/usr/lib/postgresql/15/bin/initdb');
      assert.equal(initdb.onChain, false);
      assert.equal(initdb.parent, chain[2].image);
      assert.deepEqual([initdb.uid, initdb.gid], [100, 102]);
      assert.ok(initdb.wrote.includes('/var/lib/postgresql/data/PG_VERSION'));
      assert.deepEqual(
        ['/usr/bin/mkdir', '/usr/bin/chown', '/usr/bin/chmod'].map((program) => named(record.startupSteps, program).map((step) => [step.parent, step.onChain])),
        [[[chain[0].image, false]], [[chain[0].image, false]], [[chain[0].image, false], [chain[0].image, false]]],
      );
    });

    it('the servers initdb started through sh -c are start-up steps under it, the final exec is not a step', async () => {
      const { record, facts, manifest } = await profiledRecording('postgres');
      const byImage = new Map(record.startupSteps.map((step) => [step.image, step]));
      const [initdb] = named(record.startupSteps, '/usr/lib/postgresql/15/bin/initdb');
      const servers = named(record.startupSteps, POSTGRES);
      assert.equal(servers.length, 5, 'postgres -V, --check twice, --boot, --single');
      for (const server of servers) {
        const shell = byImage.get(server.parent ?? '');
        assert.equal(shell?.program, '/bin/sh');
        assert.equal(shell?.parent, initdb.image);
      }
      const main = facts.processes.get(manifest.execution.main.pid);
      assert.ok(main && !byImage.has(`${main.pid}#${main.execs.length}`));
    });

    it('the start-up changes are the chown and chmod of the two paths with exact ids and modes, then initdb\'s', async () => {
      const { record } = await profiledRecording('postgres');
      assert.deepEqual(record.startupChanges.slice(0, 4), [
        { kind: 'chown', path: '/var/lib/postgresql/data', uid: 100, gid: 102 },
        { kind: 'chown', path: '/run/postgresql', uid: 100, gid: 102 },
        { kind: 'chmod', path: '/var/lib/postgresql/data', mode: 0o700 },
        { kind: 'chmod', path: '/run/postgresql', mode: 0o3777 },
      ]);
      const made = record.startupChanges.filter((change) => change.kind === 'mkdir');
      assert.ok(made.some((change) => change.path === '/var/lib/postgresql/data/base'));
      assert.deepEqual(new Set(made.map((change) => `${change.mode?.toString(8)} ${change.uid}:${change.gid}`)), new Set(['700 100:102']));
      // `mkdir -p` of the two directories the image already has failed with EEXIST: no change.
      assert.ok(!made.some((change) => change.path === '/var/lib/postgresql/data' || change.path === '/run/postgresql'));
    });

    it('the main command started as 100:102 with the groups setpriv --init-groups gave, not as the 0:0 the container began with', async () => {
      const { record } = await profiledRecording('postgres');
      assert.deepEqual(record.main, { uid: 100, gid: 102, groups: [102, 101], umask: 0o022 });
      assert.deepEqual([record.startupSteps[0].uid, record.startupSteps[0].gid], [0, 0]);
    });
  });

  describe('entrypoint-script: a sh script that makes its directories and writes a pid file, then execs python3', () => {
    it('the script and mkdir are start-up, python3 is the app, and the script\'s /bin/sh is in neither as executed', async () => {
      const { record } = await profiledRecording('entrypoint-script');
      assert.deepEqual(record.app.executed, ['/usr/bin/python3']);
      assert.deepEqual(record.startup.executed, ['/usr/bin/mkdir', ENTRYPOINT]);
      for (const used of [record.app.executed, record.app.used]) assert.ok(!used.includes('/bin/sh') && !used.includes('/usr/bin/dash'));
      assert.ok(record.app.used.includes('/usr/local/lib/app/app.py'));
      assert.ok(record.app.used.includes('/var/cache/app/warm'));
      assert.ok(record.startup.used.includes('/run/app/app.pid'));
      assert.ok(!record.app.used.includes('/run/app/app.pid'));
    });

    it('the steps are the script (its pid file) and the mkdir it forked, made as root with mode 0755', async () => {
      const { record } = await profiledRecording('entrypoint-script');
      assert.deepEqual(
        record.startupSteps.map(({ image: _image, parent: _parent, ...step }) => step),
        [
          { onChain: true, program: ENTRYPOINT, argv: [ENTRYPOINT], uid: 0, gid: 0, writes: record.startupSteps[0].writes, wrote: ['/run/app/app.pid'] },
          { onChain: false, program: '/usr/bin/mkdir', argv: ['mkdir', '-p', '/run/app', '/var/cache/app'], uid: 0, gid: 0, writes: 2, wrote: ['/run/app', '/var/cache/app'] },
        ],
      );
      assert.equal(record.startupSteps[1].parent, record.startupSteps[0].image);
      assert.deepEqual(record.startupChanges, [
        { kind: 'mkdir', path: '/run/app', mode: 0o755, uid: 0, gid: 0 },
        { kind: 'mkdir', path: '/var/cache/app', mode: 0o755, uid: 0, gid: 0 },
      ]);
      assert.deepEqual(record.main, { uid: 0, gid: 0, groups: [0], umask: 0o022 });
    });
  });

  describe('nginx: the image starts the server directly', () => {
    it('everything is the app\'s, the workers the master forked included', async () => {
      const { record, facts, manifest } = await profiledRecording('nginx');
      assert.deepEqual(record.startup, { executed: [], used: [] });
      assert.deepEqual(record.startupSteps, []);
      assert.deepEqual(record.startupChanges, []);
      assert.deepEqual(record.app.executed, ['/usr/sbin/nginx']);
      // The page the probe fetched was opened by a worker only, running as www-data.
      const page = facts.uses.get('/var/www/html/index.nginx-debian.html');
      const workers = [...(page?.images ?? [])].map((image) => facts.processes.get(Number(image.split('#')[0])));
      assert.ok(workers.length > 0 && workers.every((worker) => worker?.parentPid === manifest.execution.main.pid && worker.uid === 33));
      assert.ok(record.app.used.includes('/var/www/html/index.nginx-debian.html'));
    });
  });

  it('gives no record when the main command\'s pid is not in the trace', async () => {
    const { facts } = await profiledRecording('nginx');
    assert.equal(recordProfile(facts, 'sha256:x', 99999), undefined);
  });
});

describe('profile-record.json', () => {
  it('reads back exactly what was written', async () => {
    const { record } = await profiledRecording('entrypoint-script');
    assert.deepEqual(parseProfileRecord(profileRecordToJson(record), 'profile-record.json'), record);
  });

  it('is refused, saying to profile again, when it is not JSON or not of this version', async () => {
    const { record } = await profiledRecording('entrypoint-script');
    const refused = (text: string, message: RegExp) =>
      assert.throws(() => parseProfileRecord(text, '.harden/app/profile-record.json'), (error: unknown) => error instanceof HardenError && error.kind === 'manifest-invalid' && message.test(error.message));
    refused('{', /^\.harden\/app\/profile-record\.json is not JSON; profile the image again/);
    refused(JSON.stringify({ ...record, schemaVersion: 2 }), /is not a profile record of this version of harden; profile the image again\.$/);
    refused(JSON.stringify({ ...record, startupChanges: undefined }), /is not a profile record of this version/);
  });
});

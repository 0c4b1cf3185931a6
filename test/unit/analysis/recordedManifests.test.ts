import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertMatchesSchema } from '../../../src/core/manifest/manifestSchema';
import { loadRecording, manifestFrom, recordedFacts, type RecordedFixture } from '../recordedFixture';

const EXPECTED: Record<RecordedFixture, Record<string, string>> = {
  nginx: { '/run': 'run', '/var/lib/nginx': 'scratch', '/var/log/nginx': 'log' },
  'entrypoint-script': { '/run/app': 'run', '/var/cache/app': 'cache' },
  'volume-data': { '/run/counter': 'run', '/var/lib/counter': 'data' },
  'static-noshell': { '/tmp': 'scratch' },
  notes: { '/run/notes': 'run', '/tmp': 'scratch', '/var/cache/notes': 'cache', '/var/lib/notes': 'data', '/var/log/notes': 'log' },
  'control-names': {
    '/srv/bidi/txt.\u202eexe': 'scratch',
    '/srv/bin': 'scratch',
    '/srv/c1/csi\u009bclear': 'scratch',
    '/srv/cr/carriage\rreturn': 'scratch',
    '/srv/esc/escape\x1b]0;title\x07': 'scratch',
    '/srv/lf/line\nfeed': 'scratch',
    '/srv/ls/line\u2028separator': 'scratch',
    '/srv/nel/next\u0085line: injected': 'data',
    '/srv/ps/paragraph\u2029separator': 'scratch',
    '/srv/yaml/key: value # not | a comment': 'scratch',
  },
  memcached: {},
  mosquitto: { '/run/mosquitto': 'run', '/var/lib/mosquitto': 'data', '/var/log/mosquitto': 'log' },
  redis: { '/var/lib/redis': 'data' },
  postgres: { '/run/postgresql': 'run', '/var/lib/postgresql/data': 'data' },
};

function writableKinds(manifest: ReturnType<typeof manifestFrom>): Record<string, string> {
  return Object.fromEntries(manifest.writablePaths.map((path) => [path.path, path.kind]));
}

/** A copy of a recorded trace with each line rewritten (or dropped, when `rewrite` returns undefined). */
function traceWith(tracePath: string, rewrite: (line: string) => string | undefined): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'harden-trace-')), 'trace.strace');
  const lines = readFileSync(tracePath, 'utf8').split('\n').map(rewrite).filter((line): line is string => line !== undefined);
  writeFileSync(copy, lines.join('\n'));
  return copy;
}

/** A copy of a recorded trace without the lines `drop` matches. */
function traceWithout(tracePath: string, drop: RegExp): string {
  return traceWith(tracePath, (line) => (drop.test(line) ? undefined : line));
}

describe('manifests built from recorded profiles of the fixture images', () => {
  for (const name of Object.keys(EXPECTED) as RecordedFixture[]) {
    it(`${name}: finds exactly its writable paths, with their kinds, in a valid manifest`, async () => {
      const recording = loadRecording(name);
      const manifest = manifestFrom(recording, await recordedFacts(recording));
      assert.deepEqual(writableKinds(manifest), EXPECTED[name]);
      assertMatchesSchema(JSON.parse(JSON.stringify(manifest)), name);
    });
  }

  it('nginx: keeps root for the master, whose trace shows chown and the switch to www-data', async () => {
    const recording = loadRecording('nginx');
    const manifest = manifestFrom(recording, await recordedFacts(recording));
    assert.equal(manifest.runAs.nonRoot, false);
    assert.deepEqual(manifest.capabilities.map((use) => use.capability), ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID']);
    const lib = manifest.writablePaths.find((path) => path.path === '/var/lib/nginx');
    assert.deepEqual(lib?.evidence.examples.sort(), ['/var/lib/nginx/body', '/var/lib/nginx/fastcgi', '/var/lib/nginx/proxy', '/var/lib/nginx/scgi', '/var/lib/nginx/uwsgi']);
  });

  it('nginx: without the chown and setuid lines, nothing needs root and it would run as non-root', async () => {
    const recording = loadRecording('nginx');
    const facts = await recordedFacts(recording, traceWithout(recording.tracePath, /\b(chown|setuid|setgid|setgroups)\(/));
    const manifest = manifestFrom(recording, facts);
    assert.equal(manifest.runAs.nonRoot, true);
    assert.deepEqual(manifest.capabilities.map((use) => use.capability), ['NET_BIND_SERVICE']);
  });

  it('entrypoint script: the exec chain runs from the script (interpreted by sh) to python, and dash counts as executed', async () => {
    const recording = loadRecording('entrypoint-script');
    const manifest = manifestFrom(recording, await recordedFacts(recording));
    assert.deepEqual(manifest.execution.chain.map((step) => step.program), ['/usr/local/bin/docker-entrypoint.sh', '/usr/bin/python3']);
    assert.equal(manifest.execution.chain[0].interpreter, '/bin/sh');
    assert.ok(manifest.execution.main.env.includes('PORT=8080'), 'the main command sees the expanded default port');
    assert.equal(manifest.components.find((component) => component.name === 'dash')?.executed, true);
    assert.equal(manifest.components.find((component) => component.name === 'bash')?.executed, false);
  });

  it('entrypoint script: a created directory becomes its own mount, not its parent', async () => {
    const recording = loadRecording('entrypoint-script');
    const manifest = manifestFrom(recording, await recordedFacts(recording));
    const run = manifest.writablePaths.find((path) => path.path === '/run/app');
    assert.equal(run?.mount.type, 'tmpfs');
    // A directory whose name changes from run to run cannot be a mount point: it folds into its parent.
    // (`mkdir -p` creates them as chdir("/run") + mkdir("app").)
    const renamed = traceWith(recording.tracePath, (line) =>
      line.replaceAll('/run/app', '/run/tmpq83Jx2').replaceAll('/var/cache/app', '/var/cache/tmpq83Jx2').replace('mkdir("app"', 'mkdir("tmpq83Jx2"'),
    );
    assert.deepEqual(writableKinds(manifestFrom(recording, await recordedFacts(recording, renamed))), { '/run': 'run', '/var/cache': 'cache' });
  });

  it('volume data: the VOLUME is data with fsyncs and shutdown writes; without the VOLUME it is still data by fsync', async () => {
    const recording = loadRecording('volume-data');
    const facts = await recordedFacts(recording);
    const data = manifestFrom(recording, facts).writablePaths.find((path) => path.path === '/var/lib/counter');
    assert.equal(data?.mount.type, 'volume');
    assert.ok((data?.evidence.fsyncs ?? 0) > 0);
    assert.ok((data?.evidence.writesAtShutdown ?? 0) > 0);
    const withoutVolume = { ...recording, profile: { ...recording.profile, image: { ...recording.profile.image, Config: { ...recording.profile.image.Config, Volumes: {} } } } };
    const kept = manifestFrom(withoutVolume as typeof recording, facts).writablePaths.find((path) => path.path === '/var/lib/counter');
    assert.equal(kept?.kind, 'data');
    assert.match(kept?.reason ?? '', /fsync/);
  });

  it('volume data: without fsync and shutdown writes, the same directory is only scratch', async () => {
    const recording = loadRecording('volume-data');
    const withoutVolume = { ...recording, profile: { ...recording.profile, image: { ...recording.profile.image, Config: { ...recording.profile.image.Config, Volumes: {} } } } };
    const facts = await recordedFacts(recording, traceWithout(recording.tracePath, /fsync|fdatasync|SIGTERM/));
    const path = manifestFrom(withoutVolume as typeof recording, facts).writablePaths.find((candidate) => candidate.path === '/var/lib/counter');
    assert.equal(path?.kind, 'scratch');
  });

  it('static binary without a shell: no components, a non-root uid, /tmp handed to it', async () => {
    const recording = loadRecording('static-noshell');
    const manifest = manifestFrom(recording, await recordedFacts(recording));
    assert.deepEqual(manifest.components, []);
    assert.equal(manifest.runAs.nonRoot, true);
    const tmp = manifest.writablePaths[0];
    assert.equal(tmp.mount.type === 'tmpfs' && tmp.mount.mode, '1777');
  });

  it('the engine change list alone misses what the trace sees', async () => {
    const recording = loadRecording('nginx');
    const facts = await recordedFacts(recording);
    const changed = new Set(recording.changes.map((change) => change.path));
    assert.ok(!changed.has('/run/nginx.pid'), 'the pid file was created and removed during the run');
    assert.ok(facts.writes.get('/run/nginx.pid')?.deleted, 'the trace saw it written and removed');
  });

  describe('servers from Debian packages: the capabilities the kernel checked, the user, the init', () => {
    it('memcached: SETGID and SETUID to drop to memcache; it is PID 1 itself (no init needs KILL)', async () => {
      const manifest = manifestFrom(loadRecording('memcached'), await recordedFacts(loadRecording('memcached')));
      assert.deepEqual(manifest.capabilities.map((use) => use.capability), ['SETGID', 'SETUID']);
      assert.match(manifest.capabilities[0].evidence[0], /^\/usr\/bin\/memcached: setgroups as uid 0 gid 0: to groups \[\]$/);
      assert.deepEqual([manifest.init?.kind, manifest.init?.needsKill], ['none', false]);
    });

    it('postgres: CHOWN, FOWNER and FSETID for the entrypoint\'s chown/chmod, SETGID and SETUID for setpriv; no NET_RAW, no DAC_*', async () => {
      const recording = loadRecording('postgres');
      const manifest = manifestFrom(recording, await recordedFacts(recording));
      assert.deepEqual(manifest.capabilities.map((use) => use.capability), ['CHOWN', 'FOWNER', 'FSETID', 'SETGID', 'SETUID']);
      const fowner = manifest.capabilities.find((use) => use.capability === 'FOWNER');
      assert.ok(fowner?.evidence.some((line) => /^\/usr\/bin\/chmod: fchmodat \/var\/lib\/postgresql\/data as uid 0 gid 0: mode 0700 of a file owned by 100:102$/.test(line)), fowner?.evidence.join('\n'));
      assert.equal(manifest.runAs.nonRoot, false);
      assert.match(manifest.runAs.reason, /switch users/);
      assert.equal(manifest.init?.kind, 'none');
      assert.match(manifest.init?.reason ?? '', /reaps its child processes/);
    });

    it('redis: root only bypassed the mode of its own user\'s 0750 data directory, so it runs as that user with no capability', async () => {
      const recording = loadRecording('redis');
      const manifest = manifestFrom(recording, await recordedFacts(recording));
      assert.deepEqual([manifest.runAs.uid, manifest.runAs.gid, manifest.runAs.nonRoot], [100, 101, true]);
      assert.deepEqual(manifest.capabilities, []);
      assert.equal(manifest.init?.kind, 'docker', 'redis never switches users: the init (same uid) can signal it');
    });

    it('mosquitto: the pid directory the image ships keeps its own tmpfs with its owner, the init is the broker itself', async () => {
      const recording = loadRecording('mosquitto');
      const manifest = manifestFrom(recording, await recordedFacts(recording));
      const run = manifest.writablePaths.find((path) => path.path === '/run/mosquitto');
      assert.deepEqual(run?.mount.type === 'tmpfs' ? [run.mount.uid, run.mount.gid, run.mount.mode] : undefined, [100, 0, '0740'], 'as the image ships /run/mosquitto');
      assert.equal(manifest.init?.kind, 'none');
    });
  });
});

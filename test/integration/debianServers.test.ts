import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerEngine } from '../../src/core/docker/dockerEngine';
import { silentLogger } from '../../src/core/logger';
import type { HardeningManifest } from '../../src/core/manifest/manifestTypes';
import { profileImage, type ProfileResult } from '../../src/core/profile/profileImage';
import { verifyAndRefine } from '../../src/core/refine/verifyAndRefine';
import { parseProbe } from '../../src/core/run/probes';
import { describeRun, runCli } from './cliProcess';
import { engineWithFixtures, leftovers } from './engineForTests';
import { checkComposeConfig, checkKubernetes, manifestIn } from './generatedFileChecks';
import { editedCopy } from './hardenedCopy';
import { profiledOutput } from './profiledOutputs';

/**
 * Ordinary servers from Debian's packages (test/fixtures/README.md), each profiled as a user would:
 * `harden profile` must hand over a configuration its own verify passed — the exact capabilities,
 * the right init, the right user — that Compose and the Kubernetes schema accept. Beside each, a
 * sibling: the same configuration without the item the profile found needed fails verify, so the
 * checks can fail. Then the refine loop itself, on real runs: given a configuration that lacks the
 * item, it learns it from the refusal and passes in the next round.
 */

interface ServerCase {
  image: string;
  probe: string;
  check: (manifest: HardeningManifest) => void;
  /** The configuration without what it needs, and the problem verify must then name. */
  sibling: { without: string; edit: (service: Record<string, unknown>) => void; fails: RegExp };
}

const capabilities = (manifest: HardeningManifest): string[] => manifest.capabilities.map((use) => use.capability).sort();
const tmpfsEntries = (service: Record<string, unknown>): string[] => (service.tmpfs as string[] | undefined) ?? [];

const SERVERS: ServerCase[] = [
  {
    image: 'harden-fixture/memcached:test',
    probe: 'tcp:11211',
    check: (manifest) => {
      assert.deepEqual(capabilities(manifest), ['SETGID', 'SETUID'], 'setgroups, setgid and setuid to memcache, nothing else');
      assert.equal(manifest.init?.kind, 'none', 'memcached is PID 1: as the profile showed, it stops on SIGTERM itself and has no children');
      assert.deepEqual(manifest.writablePaths, [], 'it writes nothing');
    },
    sibling: {
      without: "Docker's init without KILL",
      edit: (service) => {
        service.init = true;
      },
      fails: /stop: the init could not forward the stop signal: \[FATAL tini \(1\)\]/,
    },
  },
  {
    image: 'harden-fixture/mosquitto:test',
    probe: 'tcp:1883',
    check: (manifest) => {
      assert.deepEqual(capabilities(manifest), ['SETGID', 'SETUID']);
      assert.equal(manifest.init?.kind, 'none');
      const run = manifest.writablePaths.find((path) => path.path === '/run/mosquitto');
      assert.deepEqual(run?.mount.type === 'tmpfs' && [run.mount.uid, run.mount.mode], [100, '0740'], 'the pid directory the image ships, with its owner and mode');
      assert.equal(manifest.writablePaths.find((path) => path.path === '/var/lib/mosquitto')?.mount.type, 'volume');
    },
    sibling: {
      without: 'its own tmpfs at /run/mosquitto (a tmpfs at /run instead hides the directory the image ships)',
      edit: (service) => {
        service.tmpfs = [...tmpfsEntries(service).filter((entry) => !entry.startsWith('/run/mosquitto:')), '/run:rw,noexec,nosuid,nodev,size=8m,mode=0755,uid=0,gid=0'];
      },
      fails: /mosquitto.*\/run\/mosquitto\/mosquitto\.pid/,
    },
  },
  {
    image: 'harden-fixture/lighttpd:test',
    probe: 'http:80/',
    check: (manifest) => {
      assert.deepEqual(capabilities(manifest), ['NET_BIND_SERVICE', 'SETGID', 'SETUID'], 'the manifest keeps what the kernel checked, port 80 included');
      assert.deepEqual(manifest.profile.refusals?.map((refusal) => `${refusal.syscall} ${refusal.path} ${refusal.errno}`), ['unlink /run/lighttpd.pid EACCES'], 'after dropping to www-data it cannot remove its pid file, unhardened too');
    },
    sibling: {
      without: 'the log directory handed to www-data',
      edit: (service) => {
        service.tmpfs = tmpfsEntries(service).map((entry) => (entry.startsWith('/var/log/lighttpd:') ? entry.replace(/uid=33,gid=\d+/, 'uid=0,gid=0') : entry));
      },
      fails: /opening errorlog '\/var\/log\/lighttpd\/error\.log' failed: Permission denied|lighttpd \(uid 33\) was refused open/,
    },
  },
  {
    image: 'harden-fixture/postgres:test',
    probe: 'tcp:5432',
    check: (manifest) => {
      assert.deepEqual(capabilities(manifest), ['CHOWN', 'FOWNER', 'FSETID', 'SETGID', 'SETUID'], 'chown and chmod as root, setpriv --reuid/--regid; no NET_RAW, no DAC_*');
      assert.equal(manifest.init?.kind, 'none', 'postgres is PID 1 and reaps its children');
      assert.deepEqual(manifest.execution.chain.map((step) => step.program.split('/').pop()), ['docker-entrypoint.sh', 'setpriv', 'docker-entrypoint.sh', 'postgres']);
      const data = manifest.writablePaths.find((path) => path.path === '/var/lib/postgresql/data');
      assert.deepEqual([data?.kind, data?.mount.type], ['data', 'volume']);
    },
    sibling: {
      without: 'FOWNER (chmod of the data directory root just gave to postgres)',
      edit: (service) => {
        service.cap_add = (service.cap_add as string[]).filter((capability) => capability !== 'FOWNER');
      },
      fails: /was refused fchmodat \/var\/lib\/postgresql\/data: EPERM|chmod: changing permissions of '\/var\/lib\/postgresql\/data': Operation not permitted/,
    },
  },
  {
    image: 'harden-fixture/redis:test',
    probe: 'tcp:6379',
    check: (manifest) => {
      assert.deepEqual([manifest.runAs.nonRoot, manifest.runAs.uid, manifest.runAs.gid], [true, 100, 101], manifest.runAs.reason);
      assert.match(manifest.runAs.reason, /root was used only to reach files owned by uid 100/);
      assert.deepEqual(capabilities(manifest), [], 'as the owner of /var/lib/redis it needs no capability');
    },
    sibling: {
      without: 'the owner as the user (root without DAC_OVERRIDE cannot write the 0750 data directory)',
      edit: (service) => {
        delete service.user;
      },
      fails: /redis-server \(uid 0\) was refused open\w* \/var\/lib\/redis\/temp-\d+\.rdb: EACCES|Permission denied/,
    },
  },
];

describe('servers from Debian packages: harden profile hands over only configurations that passed', function () {
  this.timeout(15 * 60 * 1000);
  let engine: DockerEngine;

  before(async () => {
    engine = await engineWithFixtures([...SERVERS.map((server) => server.image), 'harden-fixture/trace-tamper:test']);
  });

  after(async () => {
    assert.deepEqual(await leftovers(engine, process.pid), [], 'every container and volume harden created is removed');
  });

  for (const server of SERVERS) {
    describe(server.image, () => {
      it('profile passes with its own verify of exactly the written configuration', async () => {
        const out = await profiledOutput(server.image, ['--probe', server.probe]);
        const manifest = manifestIn(out);
        assert.equal(manifest.verification?.verified, true);
        assert.equal(manifest.verification?.rounds.at(-1)?.mode, 'exact', 'the last run had no tracer in it');
        server.check(manifest);
      });

      it('Compose and the Kubernetes schema accept what it wrote', async () => {
        const out = await profiledOutput(server.image, ['--probe', server.probe]);
        await checkComposeConfig(out);
        checkKubernetes(out);
      });

      it(`(the check can fail) verify fails without ${server.sibling.without}`, async () => {
        const out = await profiledOutput(server.image, ['--probe', server.probe]);
        const run = await runCli(['verify', editedCopy(out, server.sibling.edit)]);
        assert.equal(run.code, 1, describeRun(run));
        assert.match(run.stderr, server.sibling.fails, describeRun(run));
      });
    });
  }

  describe('the refine loop on real runs', () => {
    const profiled = new Map<string, Promise<ProfileResult>>();
    const profileOf = (image: string, probe: string): Promise<ProfileResult> => {
      let result = profiled.get(image);
      if (!result) {
        result = profileImage(engine, {
          reference: image,
          pull: false,
          env: [],
          probes: [parseProbe(probe)],
          timeoutSeconds: 120,
          signal: new AbortController().signal,
          log: silentLogger,
          environment: process.env,
          toolVersion: 'test',
        });
        profiled.set(image, result);
      }
      return result;
    };
    const refine = async (image: string, probe: string, degrade: (manifest: HardeningManifest) => void, timeoutSeconds = 120) => {
      const result = await profileOf(image, probe);
      const manifest = structuredClone(result.manifest);
      degrade(manifest);
      return verifyAndRefine(engine, manifest, {
        index: result.index,
        generate: { outputDir: '.harden/test' },
        timeoutSeconds,
        signal: new AbortController().signal,
        log: silentLogger,
        environment: process.env,
      });
    };

    it("learns KILL for Docker's init from tini's failed signal forwarding (memcached)", async () => {
      const outcome = await refine('harden-fixture/memcached:test', 'tcp:11211', (manifest) => {
        manifest.init = { kind: 'docker', needsKill: false, reason: 'degraded for the test' };
      });
      const rounds = outcome.manifest.verification?.rounds ?? [];
      assert.deepEqual(rounds.map((round) => round.passed), [false, true], JSON.stringify(rounds, null, 1));
      assert.match(rounds[0].learned.join('\n'), /the init gets KILL/);
      assert.deepEqual([outcome.manifest.init?.kind, outcome.manifest.init?.needsKill, outcome.manifest.init?.learnedInRound], ['docker', true, 1]);
      assert.equal(outcome.result.passed, true);
    });

    it('learns FOWNER from the EPERM of chmod in the entrypoint script (postgres)', async () => {
      const outcome = await refine('harden-fixture/postgres:test', 'tcp:5432', (manifest) => {
        manifest.capabilities = manifest.capabilities.filter((use) => use.capability !== 'FOWNER');
      });
      const rounds = outcome.manifest.verification?.rounds ?? [];
      assert.deepEqual(rounds.map((round) => round.passed), [false, true], JSON.stringify(rounds, null, 1));
      assert.match(rounds[0].learned.join('\n'), /adds FOWNER: chmod \(uid 0\) was refused fchmodat \/var\/lib\/postgresql\/data: EPERM/);
      assert.equal(outcome.manifest.capabilities.find((use) => use.capability === 'FOWNER')?.learnedInRound, 1);
    });

    it('learns the narrower mount when a tmpfs at /run hides the pid directory the image ships (mosquitto)', async () => {
      const outcome = await refine('harden-fixture/mosquitto:test', 'tcp:1883', (manifest) => {
        const run = manifest.writablePaths.find((path) => path.path === '/run/mosquitto');
        assert.ok(run && run.mount.type === 'tmpfs');
        run.path = '/run';
        run.mount = { ...run.mount, uid: 0, gid: 0, mode: '0755' };
      });
      const rounds = outcome.manifest.verification?.rounds ?? [];
      assert.deepEqual(rounds.map((round) => round.passed), [false, true], JSON.stringify(rounds, null, 1));
      assert.match(rounds[0].learned.join('\n'), /\/run\/mosquitto becomes writable/);
      assert.ok(outcome.manifest.writablePaths.some((path) => path.path === '/run/mosquitto' && path.learnedInRound === 1));
    });

    it('stops after the bounded rounds with one line per problem left when nothing can be learned', async () => {
      const outcome = await refine('harden-fixture/memcached:test', 'tcp:11211', (manifest) => {
        manifest.profile.probes = [{ kind: 'tcp', port: 11299 }];
        manifest.profile.observeSeconds = undefined;
      }, 10);
      assert.equal(outcome.result.passed, false);
      assert.equal(outcome.manifest.verification?.verified, false);
      assert.equal(outcome.manifest.verification?.rounds.length, 1, 'nothing to learn: no second round');
      assert.match(outcome.unresolved.join('\n'), /not up within|tcp:11299/);
    });
  });

  describe('an app that forges its own trace', () => {
    it('fails the profile with exit 8 and writes nothing', async () => {
      const out = mkdtempSync(join(tmpdir(), 'harden-tamper-'));
      const run = await runCli(['profile', 'harden-fixture/trace-tamper:test', '--probe', 'tcp:8091', '--out', out]);
      assert.equal(run.code, 8, describeRun(run));
      assert.match(run.stderr, /The app changed the tracer's own files, so its trace cannot be trusted/);
      assert.match(run.stderr, /traced: .*\/\.harden-out\//);
      assert.deepEqual(existsSync(out) ? readdirSync(out) : [], [], 'no configuration is written from a forged trace');
    });
  });
});

import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Version } from '@cyclonedx/cyclonedx-library/Spec';
import { JsonStrictValidator } from '@cyclonedx/cyclonedx-library/Validation';
import { readContainerFile } from '../../src/core/docker/containerFiles';
import type { DockerEngine } from '../../src/core/docker/dockerEngine';
import { productionApplyTargets } from '../../src/core/editor/productionApplyTargets';
import type { ProductionImage } from '../../src/core/manifest/manifestTypes';
import { freePort } from '../e2e/harness/freePort';
import { BuiltImages } from './builtImages';
import { describeRun, runCli, type CliRun } from './cliProcess';
import { assertComposeInstalled, ComposeProject, composeLeftovers, publishingOverride, serviceName, startedProjects, withComposeProject } from './composeProject';
import { engineWithFixtures, leftovers } from './engineForTests';
import { assertKubernetesFiles } from '../kubernetes/kubernetesFiles';
import { manifestIn } from './generatedFileChecks';
import { editedCopy } from './hardenedCopy';
import { runCommand } from './hostCommand';
import { httpAnswer } from './httpAnswer';
import { fileList, imageFiles, shellsAndPackageTools } from './imageFiles';
import { profiledOutput } from './profiledOutputs';
import { tcpAnswer } from './tcpAnswer';

/**
 * `harden minify` through the real CLI (issue 8 §6/§7), on one fixture of each kind: a root daemon,
 * Python behind a `#!/bin/sh` entrypoint, a daemon behind an entrypoint that chowns and drops
 * privileges with gosu, a database that runs initdb on first start, a static binary. Each is profiled
 * once and minified once (with --force); every check then reads that production image: verified,
 * shell-less, run by a real docker-compose under compose.prod.yaml, and — for each check — a sibling
 * that shows it can fail. Every image, container, volume and Compose project made here is removed.
 */

const PROD_COMPOSE = 'compose.prod.yaml';

interface MinifyCase {
  name: string;
  profileArgs: string[];
  port: number;
  /** Asserts the app itself answers on the published host port (not only Docker's proxy). */
  answers: (hostPort: number) => Promise<void>;
  /** The development image has a shell: the "no shell" check of the production image is not vacuous. */
  developmentHasShell: boolean;
  /** compose.prod.yaml without what the production image needs, and the problem verify must then name. */
  sibling: { without: string; edit: (service: Record<string, unknown>) => void; fails: RegExp };
  /** What minify without --force must name as not carried over (it then exits 10). */
  notCarriedOver?: RegExp[];
}

const withoutCapability =
  (capability: string) =>
  (service: Record<string, unknown>): void => {
    service.cap_add = (service.cap_add as string[]).filter((granted) => granted !== capability);
  };
const withoutTmpfs =
  (path: string) =>
  (service: Record<string, unknown>): void => {
    service.tmpfs = (service.tmpfs as string[]).filter((entry) => !entry.startsWith(`${path}:`));
  };
const httpBody = (body: RegExp) => async (hostPort: number) => {
  const answer = await httpAnswer(`http://127.0.0.1:${hostPort}/`, 30);
  assert.equal(answer.status, 200, `GET / on ${hostPort}: ${JSON.stringify(answer)}`);
  assert.match(answer.body, body);
};
/** A real exchange with the server: RESP `PING` → `+PONG`. */
const redisPong = async (hostPort: number): Promise<void> => {
  const answer = await tcpAnswer(hostPort, Buffer.from('PING\r\n'), 30);
  assert.equal(answer.toString('latin1'), '+PONG\r\n', 'redis answers PING');
};
/** PostgreSQL's SSLRequest (length 8, code 80877103): the server itself answers one byte, `N` (no SSL here) or `S`. */
const postgresAnswer = async (hostPort: number): Promise<void> => {
  const answer = await tcpAnswer(hostPort, Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]), 60);
  assert.match(answer.toString('latin1'), /^[NS]$/, `postgres answers an SSLRequest with N or S, not ${JSON.stringify(answer.toString('latin1'))}`);
};

const POSTGRES_BRANCHES = [/docker-entrypoint\.sh:10: only the branch the profile took is carried over: `case "\$\{1:-\}" in`/, /docker-entrypoint\.sh:22: only the branch the profile took is carried over: `if \[ ! -s "\$PGDATA\/PG_VERSION" \]; then`/];

const CASES: MinifyCase[] = [
  {
    name: 'nginx',
    profileArgs: ['--probe', 'http:80/'],
    port: 80,
    answers: httpBody(/Welcome to nginx/),
    developmentHasShell: true,
    sibling: { without: 'CHOWN (the master chowns /var/lib/nginx/body to www-data)', edit: withoutCapability('CHOWN'), fails: /chown\("\/var\/lib\/nginx\/body", 33\) failed \(1: Operation not permitted\)/ },
  },
  {
    name: 'entrypoint-script',
    profileArgs: ['--probe', 'http:8080/'],
    port: 8080,
    answers: httpBody(/^hello from entrypoint-script/),
    developmentHasShell: true,
    sibling: { without: 'its tmpfs at /var/cache/app (where Python writes at start)', edit: withoutTmpfs('/var/cache/app'), fails: /Read-only file system: '\/var\/cache\/app\/warm'/ },
    notCarriedOver: [/the start-up script wrote \/run\/app\/app\.pid: what it wrote is not reproduced/],
  },
  {
    name: 'redis-gosu',
    profileArgs: ['--probe', 'tcp:6379'],
    port: 6379,
    answers: redisPong,
    developmentHasShell: true,
    sibling: { without: 'SETUID (the init drops to redis, as gosu did)', edit: withoutCapability('SETUID'), fails: /harden-init: cannot drop to user \d+:\d+: setuid: Operation not permitted/ },
  },
  {
    name: 'postgres',
    profileArgs: ['--probe', 'tcp:5432'],
    port: 5432,
    answers: postgresAnswer,
    developmentHasShell: true,
    sibling: { without: "FOWNER (the init's chmod 3777 of /run/postgresql, owned by postgres)", edit: withoutCapability('FOWNER'), fails: /harden-init: line \d+: chmod \/run\/postgresql: chmod: Operation not permitted/ },
    notCarriedOver: POSTGRES_BRANCHES,
  },
  {
    name: 'static-noshell',
    profileArgs: [],
    port: 8082,
    answers: httpBody(/^ok/),
    developmentHasShell: false,
    sibling: { without: 'its tmpfs at /tmp', edit: withoutTmpfs('/tmp'), fails: /noshell-server: fatal: open \/tmp\/requests\.log: Read-only file system/ },
  },
];

const developmentImage = (fixture: MinifyCase): string => `harden-fixture/${fixture.name}:test`;
const productionTag = (fixture: MinifyCase, tag = 'test'): string => `harden-test-prod/${fixture.name}:${tag}`;

describe('harden minify: shell-less production images that run under compose.prod.yaml', function () {
  this.timeout(20 * 60 * 1000);

  let engine: DockerEngine;
  const images = new BuiltImages();
  const cliPids: number[] = [];
  const folders: string[] = [];
  const minified = new Map<string, Promise<{ dir: string; run: CliRun }>>();

  /** The built CLI, its process noted for the last check that it left no container or volume. */
  const harden = (args: string[]): Promise<CliRun> => runCli(args, { onStart: (child) => child.pid !== undefined && cliPids.push(child.pid) });

  /** A copy of the fixture's profile output, so that minify writes nowhere another test reads. */
  const profileCopy = async (fixture: MinifyCase): Promise<string> => {
    const copy = mkdtempSync(join(tmpdir(), `harden-minify-${fixture.name}-`));
    folders.push(copy);
    cpSync(await profiledOutput(developmentImage(fixture), fixture.profileArgs), copy, { recursive: true });
    return copy;
  };

  /** `harden minify DIR --tag … --force ARGS…` (with --debug, whose build lines name the images to remove afterwards). */
  const minify = async (dir: string, tag: string, args: string[]): Promise<CliRun> => {
    const run = await harden(['minify', dir, '--tag', tag, ...args, '--debug']);
    images.note(tag, run.stderr);
    return run;
  };

  /** The fixture profiled and minified once, shared by its tests. */
  const minifiedOutput = (fixture: MinifyCase): Promise<{ dir: string; run: CliRun }> => {
    let output = minified.get(fixture.name);
    if (!output) {
      output = (async () => {
        const dir = await profileCopy(fixture);
        return { dir, run: await minify(dir, productionTag(fixture), ['--force']) };
      })();
      minified.set(fixture.name, output);
    }
    return output;
  };

  const production = async (fixture: MinifyCase): Promise<{ dir: string; production: ProductionImage }> => {
    const { dir, run } = await minifiedOutput(fixture);
    assert.equal(run.code, 0, describeRun(run));
    const recorded = manifestIn(dir).production;
    assert.ok(recorded, `manifest.yaml records no production image:\n${describeRun(run)}`);
    return { dir, production: recorded };
  };

  /** A Compose project of DIR/compose.prod.yaml (or `file`) with the app's port published on 127.0.0.1. */
  const publishedProject = async (dir: string, fixture: MinifyCase, more: Record<string, unknown> = {}, containerPort = fixture.port) => {
    const service = serviceName(dir, PROD_COMPOSE);
    const hostPort = await freePort();
    return { project: new ComposeProject(dir, [PROD_COMPOSE, publishingOverride(service, hostPort, containerPort, more)]), service, hostPort };
  };

  before(async () => {
    engine = await engineWithFixtures(CASES.map(developmentImage));
    await assertComposeInstalled();
  });

  after(async () => {
    const leftImages = await images.removeAll();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    const left = [...(await Promise.all(startedProjects.map(composeLeftovers))).flat(), ...(await Promise.all(cliPids.map((pid) => leftovers(engine, pid)))).flat(), ...leftImages];
    assert.deepEqual(left, [], 'every image, container, volume and Compose project the tests made is removed');
  });

  for (const fixture of CASES) {
    describe(developmentImage(fixture), () => {
      it('minify --force exits 0, records the verified production image in manifest.yaml and prints the size ratio', async () => {
        const { dir, run } = await minifiedOutput(fixture);
        assert.equal(run.code, 0, describeRun(run));
        const { production: recorded } = await production(fixture);
        assert.equal(recorded.tag, productionTag(fixture));
        assert.equal(recorded.id, (await engine.inspectImage(productionTag(fixture)))?.Id, 'the recorded id is the tagged image');
        assert.equal(recorded.verification.verified, true, JSON.stringify(recorded.verification, null, 1));
        assert.equal(recorded.verification.rounds.at(-1)?.passed, true);
        const { development, production: size } = recorded.sizeBytes;
        const printed = /size: \S+ \S+ → \S+ \S+ \((\d+\.\d)× smaller\)/.exec(run.stdout);
        assert.ok(printed, `no size line in:\n${run.stdout}`);
        assert.equal(printed[1], (development / size).toFixed(1), 'the printed ratio is development / production size');
        assert.match(run.stdout, new RegExp(`^${productionTag(fixture)}: verified in ${recorded.verification.rounds.length} round\\(s\\)$`, 'm'));
        for (const file of ['Dockerfile.prod', 'prod/harden-init', 'prod/init.conf', 'prod/keep.list', PROD_COMPOSE, 'k8s-prod/deployment-patch.yaml', 'sbom.dev.cdx.json', 'sbom.prod.cdx.json']) {
          assert.ok(existsSync(join(dir, file)), `minify wrote ${file}`);
        }
        assert.equal((JSON.parse(readFileSync(join(dir, 'verify-result.prod.json'), 'utf8')) as { passed: boolean }).passed, true, 'verify-result.prod.json says it passed');
        // k8s-prod/ against the Kubernetes schema, the API server's rules and what manifest.prod.yaml says.
        const claims = join(dir, 'k8s-prod/persistent-volume-claims.yaml');
        const deployment = assertKubernetesFiles(manifestIn(dir, 'manifest.prod.yaml'), {
          patch: readFileSync(join(dir, 'k8s-prod/deployment-patch.yaml'), 'utf8'),
          claims: existsSync(claims) ? readFileSync(claims, 'utf8') : undefined,
        });
        assert.match(JSON.stringify(deployment), new RegExp(`"image":"${productionTag(fixture)}"`), 'the Deployment runs the production image');
      });

      it('the production image has no shell, busybox, apt, dpkg, perl or curl (links resolved), and has /.harden/init and init.conf', async () => {
        await production(fixture);
        const files = await imageFiles(engine, productionTag(fixture));
        assert.deepEqual(shellsAndPackageTools(files), [], 'nothing of the kind is left in the production image');
        assert.equal(files.get('/.harden/init')?.type, 'file', 'the init is in the image');
        assert.ok(((files.get('/.harden/init')?.mode ?? 0) & 0o111) !== 0, 'the init is executable');
        assert.equal(files.get('/.harden/init.conf')?.type, 'file', "the init's configuration is in the image");
      });

      if (fixture.developmentHasShell) {
        it('(the check can fail) the development image has /bin/sh, dpkg and apt-get', async () => {
          const found = shellsAndPackageTools(await imageFiles(engine, developmentImage(fixture)));
          for (const tool of ['/bin/sh (/usr/bin/dash)', '/usr/bin/dpkg', '/usr/bin/apt-get']) assert.ok(found.includes(tool), `${tool} in ${JSON.stringify(found)}`);
        });
      }

      it('docker-compose runs compose.prod.yaml: up, the app answers on its port, down -v leaves nothing', async () => {
        const { dir } = await production(fixture);
        const { project, service, hostPort } = await publishedProject(dir, fixture);
        await withComposeProject(project, async () => {
          await fixture.answers(hostPort);
          const run = await runCommand('docker', ['inspect', '--format', '{{.Config.Image}} {{.HostConfig.ReadonlyRootfs}}', await project.containerId(service)]);
          assert.equal(run.stdout.trim(), `${productionTag(fixture)} true`, 'Compose ran the production image with a read-only root');
        });
      });

      it(`(the check can fail) harden verify fails on compose.prod.yaml without ${fixture.sibling.without}`, async () => {
        const { dir } = await production(fixture);
        const copy = editedCopy(dir, fixture.sibling.edit, PROD_COMPOSE);
        folders.push(copy);
        const run = await harden(['verify', copy, '--compose', join(copy, PROD_COMPOSE)]);
        assert.equal(run.code, 1, describeRun(run));
        assert.match(run.stderr, fixture.sibling.fails, describeRun(run));
      });

      const { notCarriedOver } = fixture;
      if (notCarriedOver) {
        it('without --force minify exits 10, names what the init cannot carry over, and builds and writes nothing', async () => {
          const dir = await profileCopy(fixture);
          const before = readdirSync(dir).sort();
          const run = await harden(['minify', dir, '--tag', productionTag(fixture, 'unforced')]);
          assert.equal(run.code, 10, describeRun(run));
          for (const line of notCarriedOver) assert.match(run.stderr, line, describeRun(run));
          assert.match(run.stderr, /pass --force to build without them/);
          assert.deepEqual(readdirSync(dir).sort(), before, 'no file written');
          assert.equal(await engine.inspectImage(productionTag(fixture, 'unforced')), undefined, 'no image built');
        });
      }
    });
  }

  const ENTRYPOINT_SCRIPT = CASES[1];
  const POSTGRES = CASES[3];

  describe('entrypoint-script: the init keeps the script\'s ${PORT:-8080}', () => {
    it('PORT=9090 given to the container moves the server there (the default, 8080, is what the run above reached)', async () => {
      const { dir } = await production(ENTRYPOINT_SCRIPT);
      assert.match(readFileSync(join(dir, 'prod/init.conf'), 'utf8'), /^default "PORT" "8080"$/m, 'init.conf defaults PORT as the script did');
      const { project, hostPort } = await publishedProject(dir, ENTRYPOINT_SCRIPT, { environment: ['PORT=9090'] }, 9090);
      await withComposeProject(project, () => ENTRYPOINT_SCRIPT.answers(hostPort));
    });
  });

  describe('postgres: the first start is a seed', () => {
    it('a fresh named volume gets the seeded cluster (PG_VERSION) and postgres starts on it without initdb', async () => {
      const { dir, production: recorded } = await production(POSTGRES);
      assert.deepEqual(recorded.seeds.map((seed) => seed.path), ['/var/lib/postgresql/data']);
      const { project, service, hostPort } = await publishedProject(dir, POSTGRES);
      await withComposeProject(project, async () => {
        await POSTGRES.answers(hostPort);
        const id = await project.containerId(service);
        assert.equal((await readContainerFile(engine, id, '/var/lib/postgresql/data/PG_VERSION'))?.trim(), '15', 'the data directory holds the cluster');
        const logs = await project.run(['logs', '--no-color']);
        assert.doesNotMatch(logs.stdout, /initdb|creating directory/i, 'initdb did not run');
        assert.match(logs.stdout, /database system is ready to accept connections/);
      });
    });

    it('(the check can fail) with --no-seed, minify names initdb as not carried over, and with --force the image is not verified (exit 1)', async () => {
      const dir = await profileCopy(POSTGRES);
      const tag = productionTag(POSTGRES, 'no-seed');
      const refused = await minify(dir, tag, ['--no-seed']);
      assert.equal(refused.code, 10, describeRun(refused));
      assert.match(refused.stderr, /`initdb [^`]*` wrote \/var\/lib\/postgresql\/data[^\n]* \(first-start data, not seeded: --no-seed\): the production image does not run it/);
      const forced = await minify(dir, tag, ['--no-seed', '--force']);
      assert.equal(forced.code, 1, describeRun(forced));
      assert.match(forced.stderr, new RegExp(`${tag} does not work under .*compose\\.prod\\.yaml yet`));
      const recorded = manifestIn(dir).production;
      assert.deepEqual([recorded?.verification.verified, recorded?.seeds], [false, []]);
    });

    it('both SBOMs are valid CycloneDX 1.6; the production one lists postgresql-15 but not bash, dash or dpkg, which the development one lists', async () => {
      const { dir } = await production(POSTGRES);
      const validator = new JsonStrictValidator(Version.v1dot6);
      const names = (file: string): string[] => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { components: Array<{ name: string }> }).components.map((component) => component.name);
      for (const file of ['sbom.dev.cdx.json', 'sbom.prod.cdx.json']) assert.equal(await validator.validate(readFileSync(join(dir, file), 'utf8')), null, `${file} is valid CycloneDX 1.6`);
      const prod = names('sbom.prod.cdx.json');
      const dev = names('sbom.dev.cdx.json');
      assert.ok(prod.includes('postgresql-15'), JSON.stringify(prod));
      for (const removed of ['bash', 'dash', 'dpkg']) {
        assert.ok(!prod.includes(removed), `${removed} is not in the production SBOM`);
        assert.ok(dev.includes(removed), `${removed} is in the development SBOM`);
      }
    });
  });

  describe('§6: `docker build -f Dockerfile.prod` alone makes the same image', () => {
    for (const fixture of [ENTRYPOINT_SCRIPT, POSTGRES]) {
      it(`${fixture.name}: a plain docker build has exactly the files (paths, owners, modes, sizes) of the minified image, and verify passes on it`, async () => {
        const { dir } = await production(fixture);
        const tag = productionTag(fixture, 'plain');
        // The classic builder: BuildKit needs the buildx plugin, which these machines lack (as scripts/build-fixtures.sh says).
        // --no-cache: a cached build would only tag the minified image again, and compare it with itself.
        const build = await runCommand('docker', ['build', '--no-cache', '-f', join(dir, 'Dockerfile.prod'), '-t', tag, dir], { env: { DOCKER_BUILDKIT: '0' } });
        images.note(tag, build.stdout);
        assert.equal(build.code, 0, describeRun(build));
        const [plainImage, minifiedImage] = await Promise.all([engine.inspectImage(tag), engine.inspectImage(productionTag(fixture))]);
        assert.notEqual(plainImage?.Id, minifiedImage?.Id, 'a separate build, not the same image tagged twice');
        const [plain, ours] = await Promise.all([imageFiles(engine, tag), imageFiles(engine, productionTag(fixture))]);
        assert.deepEqual(fileList(plain), fileList(ours));
        const copy = editedCopy(dir, (service) => (service.image = tag), PROD_COMPOSE);
        folders.push(copy);
        const run = await harden(['verify', copy, '--compose', join(copy, PROD_COMPOSE)]);
        assert.equal(run.code, 0, describeRun(run));
        assert.match(run.stdout, new RegExp(`verified: ${tag} works read-only`));
      });
    }
  });
  describe("the editor's Apply: Dockerfile.prod and compose.prod.yaml build from the workspace folder", () => {
    const STATIC = CASES[4];

    /** A workspace as Apply leaves it: the profile folder under .harden/<service>/, and what Apply wrote (or `dockerfile` instead of its Dockerfile). */
    const appliedWorkspace = async (dockerfile?: (original: string) => string): Promise<{ workspace: string; service: string }> => {
      const { dir } = await production(STATIC);
      const service = serviceName(dir, PROD_COMPOSE);
      const workspace = mkdtempSync(join(tmpdir(), 'harden-applied-'));
      folders.push(workspace);
      cpSync(dir, join(workspace, '.harden', service), { recursive: true });
      const original = readFileSync(join(dir, 'Dockerfile.prod'), 'utf8');
      const targets = productionApplyTargets({ service, profileDir: `.harden/${service}`, dockerfile: original, productionManifest: manifestIn(dir, 'manifest.prod.yaml') });
      for (const target of targets) {
        mkdirSync(dirname(join(workspace, target.path)), { recursive: true });
        writeFileSync(join(workspace, target.path), dockerfile && target.path.endsWith('Dockerfile.prod') ? dockerfile(original) : target.content);
      }
      return { workspace, service };
    };

    /** docker-compose 1.29 `build` of the workspace's compose.prod.yaml, tagged `tag` (a second -f, so the minified image stays). */
    const composeBuild = async (workspace: string, service: string, tag: string) => {
      writeFileSync(join(workspace, 'compose.tag.yaml'), JSON.stringify({ services: { [service]: { image: tag } } }));
      // The classic builder (no buildx here); --no-cache: a cached build would only tag the minified image again.
      const build = await runCommand('docker-compose', ['-f', PROD_COMPOSE, '-f', 'compose.tag.yaml', 'build', '--no-cache', service], { cwd: workspace, env: { DOCKER_BUILDKIT: '0', COMPOSE_DOCKER_CLI_BUILD: '0' } });
      images.note(tag, build.stdout);
      return build;
    };

    it('docker-compose build of the applied compose.prod.yaml makes a new image of the same files, and verify passes on it', async () => {
      const { workspace, service } = await appliedWorkspace();
      const tag = productionTag(STATIC, 'applied');
      const build = await composeBuild(workspace, service, tag);
      assert.equal(build.code, 0, describeRun(build));
      const [applied, minified] = await Promise.all([engine.inspectImage(tag), engine.inspectImage(productionTag(STATIC))]);
      assert.ok(applied, `${tag} was built`);
      assert.notEqual(applied.Id, minified?.Id, 'a separate build, not the minified image tagged again');
      assert.deepEqual(fileList(await imageFiles(engine, tag)), fileList(await imageFiles(engine, productionTag(STATIC))));
      // Verify runs the applied compose.prod.yaml's settings on that image (verify refuses `build:`, as it runs images already built).
      const profileInWorkspace = join(workspace, '.harden', service);
      cpSync(join(workspace, PROD_COMPOSE), join(profileInWorkspace, PROD_COMPOSE));
      const copy = editedCopy(profileInWorkspace, (spec) => {
        assert.deepEqual(spec.build, { context: '.', dockerfile: `prod/${service}/Dockerfile.prod` });
        delete spec.build;
        spec.image = tag;
      }, PROD_COMPOSE);
      folders.push(copy);
      const run = await harden(['verify', copy, '--compose', join(copy, PROD_COMPOSE)]);
      assert.equal(run.code, 0, describeRun(run));
      assert.match(run.stdout, new RegExp(`verified: ${tag} works read-only`));
    });

    it("(the check can fail) minify's own Dockerfile.prod, put where Apply puts it, does not build from the workspace folder", async () => {
      const { workspace, service } = await appliedWorkspace((original) => original);
      const tag = productionTag(STATIC, 'unmoved');
      const build = await composeBuild(workspace, service, tag);
      assert.notEqual(build.code, 0, describeRun(build));
      assert.match(build.stderr, /COPY failed: file not found in build context[^\n]*prod\/harden-init/, describeRun(build));
      assert.equal(await engine.inspectImage(tag), undefined);
    });
  });
});

import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DockerEngine } from '../../src/core/docker/dockerEngine';
import { validManifestFixtures } from '../unit/generate/goldenFiles';
import { assertComposeInstalled } from './composeProject';
import { engineWithFixtures, leftovers } from './engineForTests';
import { checkComposeConfig, checkKubernetes } from './generatedFileChecks';
import { profiledOutput } from './profiledOutputs';

/**
 * Every image the integration suites profile (and hostile-names, whose writable path is HTML, and the
 * notes example), with the probe each needs. entrypoint-script also gets an environment variable
 * with `$` in it: Compose must pass it on literally, not interpolate it from the host.
 */
const PROFILED_FIXTURES: Array<{ image: string; args: string[] }> = [
  { image: 'harden-fixture/nginx:test', args: ['--probe', 'http:80/'] },
  { image: 'harden-fixture/entrypoint-script:test', args: ['--probe', 'http:8080/', '--env', 'GREETING=costs $5, ${HOME} and $$ stay literal'] },
  { image: 'harden-fixture/volume-data:test', args: ['--probe', 'http:8081/'] },
  { image: 'harden-fixture/static-noshell:test', args: [] },
  { image: 'harden-fixture/hostile-names:test', args: ['--probe', 'tcp:8090'] },
  { image: 'harden-example/notes:latest', args: ['--probe', 'http:8080/'] },
];

/** A copy of a profile's output directory with compose.hardened.yaml rewritten by `edit`. */
function withComposeText(dir: string, edit: (text: string) => string): string {
  const copy = mkdtempSync(join(tmpdir(), 'harden-edited-'));
  cpSync(dir, copy, { recursive: true });
  const path = join(copy, 'compose.hardened.yaml');
  const text = readFileSync(path, 'utf8');
  const edited = edit(text);
  assert.notEqual(edited, text, 'the edit changed the file');
  writeFileSync(path, edited);
  return copy;
}

describe('generated files, read by a real Compose and checked against the Kubernetes schema', function () {
  this.timeout(5 * 60 * 1000);

  let engine: DockerEngine;

  before(async () => {
    engine = await engineWithFixtures(PROFILED_FIXTURES.map((fixture) => fixture.image));
    await assertComposeInstalled();
  });

  after(async () => {
    assert.deepEqual(await leftovers(engine), [], 'every container and volume harden created is removed');
  });

  for (const fixture of PROFILED_FIXTURES) {
    describe(fixture.image, () => {
      it('docker-compose config accepts compose.hardened.yaml, and its model keeps what harden meant', async () => {
        await checkComposeConfig(await profiledOutput(fixture.image, fixture.args));
      });

      it('the Kubernetes patch merges into a valid Deployment that meets "restricted" unless it says otherwise; its claims are valid', async () => {
        checkKubernetes(await profiledOutput(fixture.image, fixture.args));
      });
    });
  }

  describe('the golden files of the unit tests', () => {
    for (const fixture of validManifestFixtures()) {
      it(`${fixture.name}: docker-compose config accepts compose.hardened.yaml, and its model keeps what harden meant`, async () => {
        const build = fixture.manifest.image.build;
        if (!build) {
          await checkComposeConfig(fixture.directory);
          return;
        }
        // Compose checks that build: leads to a folder: lay the fixture out as a workspace, with the Dockerfile where the manifest says.
        const workspace = mkdtempSync(join(tmpdir(), 'harden-golden-'));
        try {
          const folder = join(workspace, '.harden', fixture.name);
          cpSync(fixture.directory, folder, { recursive: true });
          const context = resolve(folder, build.context);
          mkdirSync(context, { recursive: true });
          writeFileSync(join(context, build.dockerfile), `FROM ${fixture.manifest.image.reference}\n`);
          await checkComposeConfig(folder);
        } finally {
          rmSync(workspace, { recursive: true, force: true });
        }
      });
    }
  });

  it('passes a `$` in an environment value through Compose literally', async () => {
    const [, entrypointScript] = PROFILED_FIXTURES;
    const config = await checkComposeConfig(await profiledOutput(entrypointScript.image, entrypointScript.args));
    // The config output escapes `$` as `$$` again, so that it is itself a valid Compose file.
    assert.equal(config.services?.['entrypoint-script'].environment?.GREETING, 'costs $$5, $${HOME} and $$$$ stay literal');
  });

  describe('each Compose check can fail', () => {
    it('an unescaped ${HOME} is interpolated from the host, and the meaning check notices', async () => {
      const [, entrypointScript] = PROFILED_FIXTURES;
      const unescaped = withComposeText(await profiledOutput(entrypointScript.image, entrypointScript.args), (text) => text.replace('$${HOME}', '${HOME}'));
      // Compose substitutes the test's own HOME (or warns that it is unset, and substitutes nothing).
      await assert.rejects(checkComposeConfig(unescaped), /environment\.GREETING is "costs \$5, [^"]* and \$\$ stay literal", harden meant|The HOME variable is not set/);
    });


    const [nginx] = PROFILED_FIXTURES;
    const nginxOutput = () => profiledOutput(nginx.image, nginx.args);

    it('docker-compose config rejects a list with a duplicate, as appending an override file can make', async () => {
      const broken = withComposeText(await nginxOutput(), (text) => text.replace('cap_drop: [ALL]', 'cap_drop: [ALL, ALL]'));
      await assert.rejects(checkComposeConfig(broken), /docker-compose config rejects[\s\S]*cap_drop value \['ALL', 'ALL'\] has non-unique elements/);
    });

    it('docker-compose config rejects an unquoted user 33:33 (YAML 1.1 reads it as the base-60 number 1993)', async () => {
      const broken = withComposeText(await nginxOutput(), (text) => text.replace('    read_only: true', '    user: 33:33\n    read_only: true'));
      await assert.rejects(checkComposeConfig(broken), /services\.nginx\.user contains an invalid type, it should be a string/);
    });

    it('a file Compose accepts fails the meaning check when a tmpfs is missing', async () => {
      const withoutRun = withComposeText(await nginxOutput(), (text) => text.replace(/^ +- \/run:.*\n/m, ''));
      await assert.rejects(checkComposeConfig(withoutRun), /Compose reads compose\.hardened\.yaml differently[\s\S]*tmpfs has nothing at \/run, harden meant/);
    });

    it('a file Compose accepts fails the meaning check when the root is not read-only', async () => {
      const writable = withComposeText(await nginxOutput(), (text) => text.replace('read_only: true', 'read_only: false'));
      await assert.rejects(checkComposeConfig(writable), /read_only is false, harden meant true/);
    });
  });
});

import { meantCapabilities, meantInit } from './composeMeaning';
import { strict as assert } from 'node:assert';
import type { HardeningManifest } from '../../src/core/manifest/manifestTypes';
import { freePort } from '../e2e/harness/freePort';
import { describeRun } from './cliProcess';
import { assertComposeInstalled, ComposeProject, composeLeftovers, publishingOverride, serviceName, startedProjects, withComposeProject } from './composeProject';
import { engineWithFixtures } from './engineForTests';
import { manifestIn } from './generatedFileChecks';
import { editedCopy, withoutMounts } from './hardenedCopy';
import { httpAnswer } from './httpAnswer';
import { exitedContainer, inspect, type InspectedContainer } from './inspectedContainer';
import { profiledOutput } from './profiledOutputs';

const NGINX = { image: 'harden-fixture/nginx:test', args: ['--probe', 'http:80/'], port: 80 };
const VOLUME_DATA = { image: 'harden-fixture/volume-data:test', args: ['--probe', 'http:8081/'], port: 8081 };

interface PublishedProject {
  project: ComposeProject;
  manifest: HardeningManifest;
  service: string;
  url: string;
}

/** The fixture's profile output as a Compose project, its app's port published on 127.0.0.1. */
async function publishedProject(fixture: { image: string; args: string[]; port: number }): Promise<PublishedProject> {
  const dir = await profiledOutput(fixture.image, fixture.args);
  const manifest = manifestIn(dir);
  const service = serviceName(dir);
  const port = await freePort();
  const project = new ComposeProject(dir, ['compose.hardened.yaml', publishingOverride(service, port, fixture.port)]);
  return { project, manifest, service, url: `http://127.0.0.1:${port}/` };
}

/** What Compose asked the Engine for is what the manifest meant. */
function assertHardenedContainer(container: InspectedContainer, manifest: HardeningManifest): void {
  const { HostConfig: host } = container;
  assert.equal(host.ReadonlyRootfs, true);
  assert.equal(host.Init ?? false, meantInit(manifest) === 'docker');
  assert.deepEqual(host.CapDrop, ['ALL']);
  assert.deepEqual([...(host.CapAdd ?? [])].sort(), meantCapabilities(manifest));
  assert.ok(host.SecurityOpt?.includes('no-new-privileges:true'), JSON.stringify(host.SecurityOpt));
  const tmpfsPaths = manifest.writablePaths.filter((path) => path.mount.type === 'tmpfs').map((path) => path.path);
  assert.deepEqual(Object.keys(host.Tmpfs ?? {}).sort(), tmpfsPaths.sort());
  assert.equal(container.Config.User, manifest.runAs.nonRoot ? `${manifest.runAs.uid}:${manifest.runAs.gid}` : '');
}

describe('docker-compose up with the generated compose.hardened.yaml', function () {
  this.timeout(5 * 60 * 1000);

  before(async () => {
    await engineWithFixtures([NGINX.image, VOLUME_DATA.image]);
    await assertComposeInstalled();
  });

  after(async () => {
    const left = (await Promise.all(startedProjects.map(composeLeftovers))).flat();
    assert.deepEqual(left, [], 'every Compose project a test started is gone');
  });

  it('nginx comes up read-only with its tmpfs mounts and answers on the published port', async () => {
    const { project, manifest, service, url } = await publishedProject(NGINX);
    await withComposeProject(project, async () => {
      const answer = await httpAnswer(url, 30);
      assert.equal(answer.status, 200);
      assert.match(answer.body, /Welcome to nginx/);
      assertHardenedContainer(await inspect(await project.containerId(service)), manifest);
    });
  });

  it('volume-data comes up as its non-root user, and its count survives a new container on the same named volume', async () => {
    const { project, manifest, service, url } = await publishedProject(VOLUME_DATA);
    await withComposeProject(project, async () => {
      assert.deepEqual(await httpAnswer(url, 30), { status: 200, body: '1\n' });
      assertHardenedContainer(await inspect(await project.containerId(service)), manifest);
      // `down` without -v removes the container and keeps the named volume; `up` makes a new container.
      const down = await project.run(['down', '--timeout', '5']);
      assert.equal(down.code, 0, describeRun(down));
      await project.up();
      assert.deepEqual(await httpAnswer(url, 30), { status: 200, body: '2\n' });
    });
  });

  it('(the check can fail) nginx without its tmpfs mounts exits at start, refused by the read-only root', async () => {
    const withoutTmpfs = editedCopy(await profiledOutput(NGINX.image, NGINX.args), withoutMounts);
    const project = new ComposeProject(withoutTmpfs, ['compose.hardened.yaml']);
    await withComposeProject(project, async () => {
      const container = await exitedContainer(await project.containerId(serviceName(withoutTmpfs)), 20);
      assert.notEqual(container.State.ExitCode, 0);
      const logs = await project.run(['logs', '--no-color']);
      assert.match(logs.stdout + logs.stderr, /Read-only file system/);
    });
  });
});

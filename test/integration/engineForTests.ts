import { strict as assert } from 'node:assert';
import { connectEngine, type DockerEngine } from '../../src/core/docker/dockerEngine';
import { MANAGED_LABEL } from '../../src/core/run/runResources';

/** The engine `npm test` started (scripts/ensure-docker.sh); fails the suite clearly when it is not there. */
export async function engineWithFixtures(images: string[]): Promise<DockerEngine> {
  const engine = await connectEngine();
  for (const image of images) {
    assert.ok(await engine.inspectImage(image), `fixture image ${image} is missing: run scripts/build-fixtures.sh (npm test does)`);
  }
  return engine;
}

/** Containers and volumes any harden run created and did not remove. */
export async function leftovers(engine: DockerEngine): Promise<string[]> {
  const containers = await engine.listContainersByLabel(MANAGED_LABEL);
  const volumes = await engine.listVolumesByLabel(MANAGED_LABEL);
  return [...containers.map((container) => `container ${container.id.slice(0, 12)}`), ...volumes.map((volume) => `volume ${volume.name}`)];
}

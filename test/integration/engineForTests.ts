import { strict as assert } from 'node:assert';
import { connectEngine, type DockerEngine } from '../../src/core/docker/dockerEngine';
import { hostname } from 'node:os';
import { MANAGED_LABEL, OWNER_LABEL } from '../../src/core/run/runResources';

/** The engine `npm test` started (scripts/ensure-docker.sh); fails the suite clearly when it is not there. */
export async function engineWithFixtures(images: string[]): Promise<DockerEngine> {
  const engine = await connectEngine();
  for (const image of images) {
    assert.ok(await engine.inspectImage(image), `fixture image ${image} is missing: run scripts/build-fixtures.sh (npm test does)`);
  }
  return engine;
}

/**
 * Containers and volumes harden runs created and did not remove — those of the process `pid` only
 * when given (another harden run may share the engine, e.g. the editor's), else of every run.
 */
export async function leftovers(engine: DockerEngine, pid?: number): Promise<string[]> {
  const label = pid === undefined ? MANAGED_LABEL : `${OWNER_LABEL}=${hostname()}/${pid}`;
  const containers = await engine.listContainersByLabel(label);
  const volumes = await engine.listVolumesByLabel(label);
  return [...containers.map((container) => `container ${container.id.slice(0, 12)}`), ...volumes.map((volume) => `volume ${volume.name}`)];
}

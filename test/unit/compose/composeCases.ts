import { strict as assert } from 'node:assert';
import { containerSpecFor, volumeKey } from '../../../src/core/compose/composeContainer';
import { parseComposeRunSpec, type ComposeRunSpecOptions, type HardenedRunSpec } from '../../../src/core/compose/composeRunSpec';
import type { ContainerCreateOptions } from '../../../src/core/docker/dockerEngine';
import { HardenError } from '../../../src/core/errors';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { createOptions } from '../../../src/core/run/createOptions';
import { loadFixtureManifest } from '../generate/goldenFiles';

/** A real manifest (entrypoint script + cmd, runs as 10001, one profile override of the environment). */
export const MANIFEST: HardeningManifest = loadFixtureManifest('python-app-nonroot');

/** `services: {app: {image: x, …body}}`, with `topLevel` after it (e.g. a `volumes:` section). */
export function composeText(body: string, topLevel = ''): string {
  const lines = body.split('\n').filter((line) => line.trim() !== '');
  return `services:\n  app:\n    image: ghcr.io/acme/inventory-api:2.3.1\n${lines.map((line) => `    ${line}`).join('\n')}\n${topLevel}`;
}

export function serviceSpec(body: string, options: ComposeRunSpecOptions & { topLevel?: string } = {}): HardenedRunSpec {
  return parseComposeRunSpec(composeText(body, options.topLevel), 'compose.yaml', options);
}

/** The sentence a Compose text is refused with (HardenError 'manifest-invalid', exit 6). */
export function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof HardenError && error.kind === 'manifest-invalid', String(error));
    return error.message;
  }
  return assert.fail('expected the Compose file to be refused');
}

/** The Engine's create body for the service, as verify sends it to a local engine (host access allowed). */
export function engineBody(spec: HardenedRunSpec, probedTcpPorts: number[] = []): ContainerCreateOptions {
  const volumeNames = new Map(spec.volumes.filter((volume) => volume.kind === 'volume').map((volume) => [volumeKey(volume), `verify-${volumeKey(volume).replace(/\W+/g, '')}`]));
  const container = containerSpecFor(MANIFEST, spec, { volumeNames, imageWorkingDir: '/app', allowHostAccess: true });
  return createOptions(container, { labels: { 'dev.harden.managed': 'true' }, probedTcpPorts, tracerNeedsPtrace: false });
}

/** Asserts each field of `expected` (HostConfig field by field); other fields are not looked at. */
export function assertBodyIncludes(body: ContainerCreateOptions, expected: Partial<ContainerCreateOptions>): void {
  for (const [key, value] of Object.entries(expected)) {
    if (key === 'HostConfig') {
      for (const [hostKey, hostValue] of Object.entries(value as object)) {
        assert.deepEqual((body.HostConfig as Record<string, unknown>)[hostKey], hostValue, `HostConfig.${hostKey}`);
      }
    } else {
      assert.deepEqual((body as Record<string, unknown>)[key], value, key);
    }
  }
}

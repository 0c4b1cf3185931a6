import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDockerEndpoint } from '../../../src/core/docker/dockerEndpoint';
import { HardenError } from '../../../src/core/errors';

function dockerConfig(current: string | undefined, contexts: Record<string, string>, tls: string[] = []): string {
  const config = mkdtempSync(join(tmpdir(), 'harden-docker-config-'));
  if (current) writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: current }));
  for (const [name, host] of Object.entries(contexts)) {
    const digest = createHash('sha256').update(name).digest('hex');
    mkdirSync(join(config, 'contexts', 'meta', digest), { recursive: true });
    writeFileSync(join(config, 'contexts', 'meta', digest, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }));
    if (tls.includes(name)) {
      mkdirSync(join(config, 'contexts', 'tls', digest, 'docker'), { recursive: true });
      writeFileSync(join(config, 'contexts', 'tls', digest, 'docker', 'ca.pem'), 'CA');
    }
  }
  return config;
}

describe('finding the Docker Engine', () => {
  it('defaults to the local socket', () => {
    const endpoint = resolveDockerEndpoint({ HOME: mkdtempSync(join(tmpdir(), 'home-')) });
    assert.equal(endpoint.host, 'unix:///var/run/docker.sock');
    assert.deepEqual(endpoint.options, { socketPath: '/var/run/docker.sock' });
    assert.equal(endpoint.local, true);
  });

  it('honours DOCKER_HOST over any context, with TLS from DOCKER_CERT_PATH', () => {
    const certs = mkdtempSync(join(tmpdir(), 'certs-'));
    writeFileSync(join(certs, 'ca.pem'), 'CA');
    const endpoint = resolveDockerEndpoint({
      DOCKER_HOST: 'tcp://10.1.2.3:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certs,
      DOCKER_CONFIG: dockerConfig('remote', { remote: 'ssh://me@far' }),
    });
    assert.equal(endpoint.source, 'DOCKER_HOST');
    assert.equal(endpoint.options.protocol, 'https');
    assert.equal(String(endpoint.options.ca), 'CA');
    assert.equal(endpoint.local, false);
  });

  it('uses the current context of the Docker CLI, and DOCKER_CONTEXT over it', () => {
    const config = dockerConfig('remote', { remote: 'ssh://deploy@build-host:2222', other: 'tcp://127.0.0.1:2375' }, ['other']);
    const fromConfig = resolveDockerEndpoint({ DOCKER_CONFIG: config });
    assert.equal(fromConfig.source, 'Docker context "remote"');
    assert.equal(fromConfig.options.protocol, 'ssh');
    assert.equal(fromConfig.options.username, 'deploy');
    assert.equal(fromConfig.options.port, '2222');
    const fromEnv = resolveDockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'other' });
    assert.equal(fromEnv.options.protocol, 'https', 'a context with TLS material talks TLS');
    assert.equal(fromEnv.local, true);
  });

  it('says in one sentence what is wrong with a bad address or a missing context', () => {
    assert.throws(() => resolveDockerEndpoint({ DOCKER_HOST: 'ftp://x' }), (error: unknown) => error instanceof HardenError && error.kind === 'engine-unreachable' && /ftp:/.test(error.message));
    assert.throws(() => resolveDockerEndpoint({ DOCKER_CONFIG: dockerConfig('gone', {}) }), /Docker context "gone" is selected but .* cannot be read/);
  });
});

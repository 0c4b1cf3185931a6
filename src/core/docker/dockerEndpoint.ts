import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DockerOptions } from 'dockerode';
import { HardenError } from '../errors';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export interface DockerEndpoint {
  /** The engine address, e.g. `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`. */
  host: string;
  /** Where the address came from, for messages: `DOCKER_HOST`, `Docker context "remote"`, `the default`. */
  source: string;
  /** True when the engine runs on this machine (a socket or pipe), so container IPs may be reachable. */
  local: boolean;
  options: DockerOptions;
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/**
 * Finds the engine the way the Docker CLI does: DOCKER_HOST, else the context named by
 * DOCKER_CONTEXT or by `currentContext` in the CLI's config.json, else the local socket.
 */
export function resolveDockerEndpoint(env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  const configDir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  if (env.DOCKER_HOST) {
    const certDir = env.DOCKER_CERT_PATH || configDir;
    const tls = Boolean(env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0');
    return endpointFor(env.DOCKER_HOST, 'DOCKER_HOST', tls ? certDir : undefined, tls, env);
  }
  const contextName = env.DOCKER_CONTEXT || currentContext(configDir);
  if (contextName && contextName !== 'default') {
    const digest = createHash('sha256').update(contextName).digest('hex');
    const metaPath = join(configDir, 'contexts', 'meta', digest, 'meta.json');
    const meta = readContextMeta(metaPath, contextName);
    const host = meta.Endpoints?.docker?.Host;
    if (!host) {
      throw new HardenError('engine-unreachable', `Docker context "${contextName}" has no Docker endpoint (${metaPath}).`);
    }
    const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
    const hasTls = existsSync(join(tlsDir, 'ca.pem')) || existsSync(join(tlsDir, 'cert.pem'));
    const verify = hasTls && !meta.Endpoints?.docker?.SkipTLSVerify;
    return endpointFor(host, `Docker context "${contextName}"`, hasTls ? tlsDir : undefined, verify, env);
  }
  return endpointFor(DEFAULT_DOCKER_HOST, 'the default socket', undefined, false, env);
}

function currentContext(configDir: string): string | undefined {
  const configPath = join(configDir, 'config.json');
  if (!existsSync(configPath)) return undefined;
  try {
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' ? config.currentContext : undefined;
  } catch {
    throw new HardenError('engine-unreachable', `The Docker CLI config ${configPath} is not valid JSON.`);
  }
}

function readContextMeta(metaPath: string, name: string): ContextMeta {
  try {
    return JSON.parse(readFileSync(metaPath, 'utf8')) as ContextMeta;
  } catch {
    throw new HardenError('engine-unreachable', `Docker context "${name}" is selected but ${metaPath} cannot be read.`);
  }
}

function endpointFor(
  host: string,
  source: string,
  certDir: string | undefined,
  verifyTls: boolean,
  env: NodeJS.ProcessEnv,
): DockerEndpoint {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new HardenError('engine-unreachable', `${source} is set to "${host}", which is not an engine address (unix://, tcp://, ssh://, npipe://).`);
  }
  switch (url.protocol) {
    case 'unix:':
      return { host, source, local: true, options: { socketPath: decodeURIComponent(url.pathname) } };
    case 'npipe:':
      return { host, source, local: true, options: { socketPath: decodeURIComponent(url.pathname).replace(/\//g, '\\') } };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = certDir !== undefined || url.protocol === 'https:';
      const options: DockerOptions = {
        host: url.hostname,
        port: url.port || (tls ? '2376' : '2375'),
        protocol: tls ? 'https' : 'http',
      };
      if (certDir) {
        const read = (file: string): Buffer | undefined =>
          existsSync(join(certDir, file)) ? readFileSync(join(certDir, file)) : undefined;
        options.ca = read('ca.pem');
        options.cert = read('cert.pem');
        options.key = read('key.pem');
        if (!verifyTls) (options as DockerOptions & { checkServerIdentity?: () => undefined }).checkServerIdentity = () => undefined;
      }
      return { host, source, local: isLoopback(url.hostname), options };
    }
    case 'ssh:':
      return {
        host,
        source,
        local: false,
        options: {
          protocol: 'ssh',
          host: url.hostname,
          port: url.port || '22',
          username: decodeURIComponent(url.username) || undefined,
          sshOptions: { agent: env.SSH_AUTH_SOCK },
        } as DockerOptions,
      };
    default:
      throw new HardenError('engine-unreachable', `${source} uses "${url.protocol}//", which harden cannot talk to (use unix://, tcp://, ssh:// or npipe://).`);
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '::1' || hostname === '[::1]';
}

import { request } from 'node:http';
import { connect } from 'node:net';
import type { ProbeSpec } from '../manifest/manifestTypes';
import { HardenError } from '../errors';
import type { DockerEngine } from '../docker/dockerEngine';
import { askPortProtocol, probeForAnswer } from './portProtocol';

/**
 * A probe as a run takes it: one the user named, or `auto` (the default for each exposed port),
 * which becomes an HTTP probe when the port answers HTTP and a TCP probe otherwise.
 */
export type RunProbe = ProbeSpec | { kind: 'auto'; port: number };

/** `tcp:8080`, `http:8080/healthz`, `exec:/app/check --quick` → a probe. */
export function parseProbe(text: string): ProbeSpec {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  const invalid = (why: string): HardenError =>
    new HardenError('usage', `--probe ${text}: ${why} (expected tcp:PORT, http:PORT/PATH or exec:CMD ARG…).`);
  switch (kind) {
    case 'tcp':
      return { kind: 'tcp', port: parsePort(rest, invalid) };
    case 'http': {
      const slash = rest.indexOf('/');
      const port = parsePort(slash < 0 ? rest : rest.slice(0, slash), invalid);
      return { kind: 'http', port, path: slash < 0 ? '/' : rest.slice(slash) };
    }
    case 'exec': {
      const argv = rest.split(' ').filter((word) => word !== '');
      if (argv.length === 0) throw invalid('no command given');
      return { kind: 'exec', argv };
    }
    default:
      throw invalid(`unknown probe kind "${kind}"`);
  }
}

function parsePort(text: string, invalid: (why: string) => HardenError): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw invalid(`"${text}" is not a port`);
  return port;
}

export function describeProbe(probe: RunProbe): string {
  switch (probe.kind) {
    case 'auto':
      return `auto:${probe.port}`;
    case 'tcp':
      return `tcp:${probe.port}`;
    case 'http':
      return `http:${probe.port}${probe.path}`;
    case 'exec':
      return `exec:${probe.argv.join(' ')}`;
  }
}

/** Where a container port can be reached from here: its bridge IP and/or a published host port. */
export interface ProbeAddress {
  host: string;
  port: number;
  /** Through a userland proxy, which accepts connections even when nothing listens behind it. */
  proxied: boolean;
}

export interface ProbeOutcome {
  ok: boolean;
  detail: string;
  /** What an `auto` probe turned into once the port answered. */
  resolved?: ProbeSpec;
}

export interface ProbeContext {
  engine: DockerEngine;
  containerId: string;
  addresses(port: number): ProbeAddress[];
}

export async function runProbe(probe: RunProbe, context: ProbeContext): Promise<ProbeOutcome> {
  if (probe.kind === 'exec') {
    try {
      const result = await context.engine.exec(context.containerId, probe.argv, 10_000);
      const output = result.output.trim().split('\n').pop() ?? '';
      return { ok: result.exitCode === 0, detail: `exit code ${result.exitCode}${output ? `: ${output}` : ''}` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }
  let last: ProbeOutcome = { ok: false, detail: 'no address to reach the container on' };
  for (const address of context.addresses(probe.port)) {
    last = probe.kind === 'auto' ? await autoProbe(address, probe.port) : probe.kind === 'tcp' ? await tcpProbe(address) : await httpProbe(address, probe.path);
    if (last.ok) return last;
  }
  return last;
}

async function autoProbe(address: ProbeAddress, port: number): Promise<ProbeOutcome> {
  const answer = await askPortProtocol(address);
  if (!answer.reachable) return { ok: false, detail: answer.detail };
  const resolved = probeForAnswer(port, answer);
  const why = answer.http && resolved.kind === 'tcp' ? `; GET / gave ${answer.http.status}, so it is probed over TCP (pass http:${port}/PATH for a path that answers 2xx)` : '';
  return { ok: true, detail: `${answer.detail}${why}`, resolved };
}

function tcpProbe(address: ProbeAddress): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: address.host, port: address.port });
    const finish = (outcome: ProbeOutcome): void => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(2000, () => finish({ ok: false, detail: `${address.host}:${address.port}: timed out` }));
    socket.on('error', (error) => finish({ ok: false, detail: `${address.host}:${address.port}: ${error.message}` }));
    socket.on('connect', () => {
      if (!address.proxied) return finish({ ok: true, detail: `${address.host}:${address.port} accepted a connection` });
      // A proxy accepts first and closes at once when nothing listens behind it.
      const timer = setTimeout(() => finish({ ok: true, detail: `${address.host}:${address.port} accepted a connection` }), 300);
      socket.on('close', () => {
        clearTimeout(timer);
        finish({ ok: false, detail: `${address.host}:${address.port}: closed at once (nothing listening yet)` });
      });
    });
  });
}

function httpProbe(address: ProbeAddress, path: string): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const req = request({ host: address.host, port: address.port, path, method: 'GET', timeout: 3000 }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve({ ok: status >= 200 && status < 400, detail: `GET ${path} → ${status}` });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ ok: false, detail: `GET http://${address.host}:${address.port}${path}: ${error.message}` }));
    req.end();
  });
}

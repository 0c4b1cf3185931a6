import { connect } from 'node:net';
import type { ProbeSpec } from '../manifest/manifestTypes';
import type { ProbeAddress } from './probes';

/** What a port said to `GET / HTTP/1.0`. */
export type PortAnswer =
  | { reachable: false; detail: string }
  /** `status` only when the answer began with `HTTP/`. */
  | { reachable: true; http?: { status: number }; detail: string };

const ANSWER_WAIT_MS = 2000;
/** A userland proxy accepts and closes at once when nothing listens behind it. */
const PROXY_SETTLE_MS = 300;

/**
 * Connects, sends `GET / HTTP/1.0`, and reads the first bytes of the answer: an HTTP server answers
 * with a status line, a TCP service that speaks first (SSH, SMTP) with a banner, a silent one with
 * nothing. Never throws; a refused or timed-out connection is `reachable: false`.
 */
export function askPortProtocol(address: ProbeAddress): Promise<PortAnswer> {
  const where = `${address.host}:${address.port}`;
  return new Promise((resolve) => {
    const socket = connect({ host: address.host, port: address.port });
    let connectedAt: number | undefined;
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (answer: PortAnswer): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(answer);
    };
    const decide = (why: string): void => {
      const text = received.toString('latin1');
      const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(text);
      if (status) return finish({ reachable: true, http: { status: Number(status[1]) }, detail: `${where} answers HTTP (${status[1]} at /)` });
      if (received.length > 0) return finish({ reachable: true, detail: `${where} accepted a connection and answered GET / with something other than HTTP` });
      const settled = connectedAt !== undefined && Date.now() - connectedAt >= PROXY_SETTLE_MS;
      if (address.proxied && !settled) return finish({ reachable: false, detail: `${where}: closed at once (nothing listening yet)` });
      finish({ reachable: true, detail: `${where} accepted a connection (${why})` });
    };
    socket.setTimeout(ANSWER_WAIT_MS, () => (connectedAt === undefined ? finish({ reachable: false, detail: `${where}: timed out` }) : decide(`no answer to GET / within ${ANSWER_WAIT_MS / 1000} s`)));
    socket.on('error', (error) => (connectedAt === undefined ? finish({ reachable: false, detail: `${where}: ${error.message}` }) : decide('closed without answering GET /')));
    socket.on('connect', () => {
      connectedAt = Date.now();
      socket.write(`GET / HTTP/1.0\r\nHost: ${address.host}:${address.port}\r\nUser-Agent: harden-probe\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // A status line is 12 bytes (`HTTP/1.1 200`); a banner says what it is within as many.
      if (received.length >= 12) decide('answered');
    });
    socket.on('end', () => decide('closed without answering GET /'));
    socket.on('close', () => decide('closed without answering GET /'));
  });
}

/**
 * The probe an `auto` port turns into: HTTP at `/` when the port answers HTTP with 2xx/3xx (so the
 * app's request handlers run while it is profiled, and verify sends the same request), else TCP.
 */
export function probeForAnswer(port: number, answer: PortAnswer & { reachable: true }): ProbeSpec {
  const status = answer.http?.status;
  return status !== undefined && status >= 200 && status < 400 ? { kind: 'http', port, path: '/' } : { kind: 'tcp', port };
}

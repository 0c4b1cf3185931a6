import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The first bytes the server on 127.0.0.1:`port` answers to `request`, within `seconds`. A plain
 * connect proves nothing through a published port (Docker's proxy accepts before the app listens
 * and then closes the connection), so only an answer counts; until one comes, it tries again.
 */
export async function tcpAnswer(port: number, request: Buffer, seconds: number): Promise<Buffer> {
  const deadline = Date.now() + seconds * 1000;
  let lastError = 'no attempt';
  while (Date.now() < deadline) {
    const answer = await oneExchange(port, request).catch((error: Error) => {
      lastError = error.message;
      return undefined;
    });
    if (answer && answer.length > 0) return answer;
    if (answer) lastError = 'the connection was closed without an answer';
    await sleep(200);
  }
  throw new Error(`127.0.0.1:${port} did not answer ${JSON.stringify(request.toString('latin1'))} within ${seconds}s: ${lastError}`);
}

function oneExchange(port: number, request: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.setTimeout(3000, () => socket.destroy(new Error('no answer within 3 s')));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

import { setTimeout as sleep } from 'node:timers/promises';

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * The first answer to GET `url` within `seconds`. Connections that fail or are closed at once
 * (Docker's port proxy accepts before the app listens) are retried.
 */
export async function httpAnswer(url: string, seconds: number): Promise<HttpAnswer> {
  const deadline = Date.now() + seconds * 1000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      lastError = error;
      await sleep(200);
    }
  }
  const reason = lastError instanceof Error ? `${lastError.message}${lastError.cause ? ` (${String(lastError.cause)})` : ''}` : String(lastError);
  throw new Error(`GET ${url} got no answer within ${seconds}s: ${reason}`);
}

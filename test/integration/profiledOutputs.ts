import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli } from './cliProcess';

const outputs = new Map<string, Promise<string>>();

/**
 * The output directory of `harden profile IMAGE --out DIR ARGS…`, profiled once per test process
 * for the same arguments: each profile takes seconds, and several checks read the same files.
 * A failed profile fails every test that asks for it, with the CLI's output.
 */
export function profiledOutput(image: string, args: string[]): Promise<string> {
  const key = JSON.stringify([image, ...args]);
  let output = outputs.get(key);
  if (output === undefined) {
    output = profile(image, args);
    outputs.set(key, output);
  }
  return output;
}

async function profile(image: string, args: string[]): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'harden-generated-'));
  const run = await runCli(['profile', image, '--out', out, ...args]);
  assert.equal(run.code, 0, describeRun(run));
  return out;
}

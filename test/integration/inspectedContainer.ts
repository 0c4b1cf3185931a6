import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeRun } from './cliProcess';
import { runCommand } from './hostCommand';

/** The part of `docker inspect` the Compose tests read: what the Engine was asked to create. */
export interface InspectedContainer {
  State: { Status: string; ExitCode: number };
  HostConfig: { ReadonlyRootfs: boolean; Init: boolean | null; CapAdd: string[] | null; CapDrop: string[] | null; SecurityOpt: string[] | null; Tmpfs: Record<string, string> | null };
  Config: { User: string };
}

export async function inspect(id: string): Promise<InspectedContainer> {
  const run = await runCommand('docker', ['inspect', id]);
  assert.equal(run.code, 0, describeRun(run));
  return (JSON.parse(run.stdout) as InspectedContainer[])[0];
}

/** The container once it has exited, within `seconds`. */
export async function exitedContainer(id: string, seconds: number): Promise<InspectedContainer> {
  for (let waited = 0; waited < seconds * 5; waited += 1) {
    const container = await inspect(id);
    if (container.State.Status === 'exited') return container;
    await sleep(200);
  }
  assert.fail(`container ${id} still runs after ${seconds}s`);
}

import type { ExecRecord, ProcessRecord, TraceFacts } from '../trace/traceFacts';
import { imageKeyOf, parseImageKey, processImageKey } from '../trace/traceFacts';

/**
 * A run in two phases: the start-up (an entrypoint script and the tools it ran: mkdir, chown,
 * setpriv, a first-start initdb…) and the app (the main command from its last exec on, and every
 * process it started). A production image keeps what the app used; the start-up is replaced by
 * the init's configuration.
 */
export interface RunPhases {
  /** Process images (`processImageKey`) of the app phase. */
  app: Set<string>;
  /** The main command's process image. */
  mainImage: string;
  /** Process images of the chain from the first process to the main command (start-up side). */
  chain: Set<string>;
}

export function splitRunPhases(facts: TraceFacts, mainPid: number): RunPhases | undefined {
  const main = facts.processes.get(mainPid);
  if (!main) return undefined;
  const lineage: ProcessRecord[] = [];
  for (let current: ProcessRecord | undefined = main; current; ) {
    lineage.unshift(current);
    current = current.parentPid === undefined ? undefined : facts.processes.get(current.parentPid);
  }
  const mainProcess = [...lineage].reverse().find((process) => process.execs.length > 0);
  if (!mainProcess) return undefined;
  const mainImage = processImageKey(mainProcess);
  const app = new Set([mainImage]);
  const chain = new Set<string>();
  for (const process of lineage) {
    for (let generation = 0; generation <= process.execs.length; generation += 1) {
      const key = imageKeyOf(process.pid, generation);
      if (key !== mainImage && !app.has(key)) chain.add(key);
    }
  }
  // Processes are recorded in the order they appeared: a child always after the image that forked it.
  for (const process of facts.processes.values()) {
    if (process.bornOf === undefined || !app.has(process.bornOf)) continue;
    for (let generation = 0; generation <= process.execs.length; generation += 1) app.add(imageKeyOf(process.pid, generation));
  }
  for (const key of app) chain.delete(key);
  return { app, mainImage, chain };
}

/** The exec that started each process image (absent for a forked image that did not exec). */
export function execOfImage(facts: TraceFacts): Map<string, ExecRecord> {
  const byImage = new Map<string, ExecRecord>();
  for (const process of facts.processes.values()) {
    process.execs.forEach((exec, index) => byImage.set(imageKeyOf(process.pid, index + 1), exec));
  }
  return byImage;
}

/** The image a process image was forked from (its own pid's earlier generation counts as itself). */
export function parentImage(facts: TraceFacts, key: string): string | undefined {
  const { pid, generation } = parseImageKey(key);
  if (generation > 0) return undefined;
  return facts.processes.get(pid)?.bornOf;
}


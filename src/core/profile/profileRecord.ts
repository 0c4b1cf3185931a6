import { HardenError } from '../errors';
import { execOfImage, parentImage, splitRunPhases } from '../analysis/runPhases';
import { imageKeyOf, parseImageKey, type TraceFacts } from '../trace/traceFacts';

/**
 * What `harden minify` needs from a profile beyond the manifest: every path the run used, split by
 * phase, and what the start-up phase (the entrypoint script and the tools it ran) did, so that the
 * init can do it instead. Written beside manifest.yaml by every profile.
 */
export const PROFILE_RECORD_FILE = 'profile-record.json';
export const PROFILE_RECORD_VERSION = 1;

export interface ProfileRecord {
  schemaVersion: typeof PROFILE_RECORD_VERSION;
  imageId: string;
  /** Paths the app (the main command from its last exec on, and what it started) used successfully. */
  app: UsedPaths;
  /** Paths only the start-up phase used. */
  startup: UsedPaths;
  /** Every process image of the start-up phase that exec'd a program or wrote something, in order. */
  startupSteps: StartupStep[];
  /** mkdir/chown/chmod calls of the start-up phase, in order. */
  startupChanges: Array<{ kind: 'mkdir' | 'chown' | 'chmod'; path: string; mode?: number; uid?: number; gid?: number }>;
  /** The main command's credentials when it started. */
  main: { uid: number; gid: number; groups: number[]; umask: number };
}

export interface UsedPaths {
  /** Programs executed (as named, absolute). */
  executed: string[];
  /** Every path opened, mapped, stat'ed, readlink'ed or listed (as named and as the kernel found it). */
  used: string[];
}

export interface StartupStep {
  image: string;
  /** The process image that started this one (undefined for the container's first process). */
  parent?: string;
  /** On the chain from the first process to the main command (`sh → entrypoint.sh → setpriv`). */
  onChain: boolean;
  /** The program it exec'd; absent for a forked shell that ran no program (a subshell, `> file`). */
  program?: string;
  argv?: string[];
  uid: number;
  gid: number;
  writes: number;
  /** Distinct paths it wrote (up to a bound). */
  wrote: string[];
}

/** Splits the trace into the app and start-up phases around the main command's process. */
export function recordProfile(facts: TraceFacts, imageId: string, mainPid: number): ProfileRecord | undefined {
  const phases = splitRunPhases(facts, mainPid);
  if (!phases) return undefined;
  const app = { executed: new Set<string>(), used: new Set<string>() };
  const startup = { executed: new Set<string>(), used: new Set<string>() };
  for (const use of facts.uses.values()) {
    const byApp = phases.app.has(use.lastImage) || [...use.images].some((image) => phases.app.has(image));
    const target = byApp ? app : startup;
    target.used.add(use.path);
    if (use.executed) target.executed.add(use.path);
  }
  const execs = execOfImage(facts);
  const startupSteps: StartupStep[] = [];
  const stepImages = new Set<string>([...execs.keys(), ...facts.imageWrites.keys()]);
  for (const image of [...stepImages].filter((key) => !phases.app.has(key)).sort(byImageOrder(facts))) {
    const exec = execs.get(image);
    const writes = facts.imageWrites.get(image);
    const { pid } = parseImageKey(image);
    const process = facts.processes.get(pid);
    startupSteps.push({
      image,
      ...(parentOf(facts, image) ? { parent: parentOf(facts, image) } : {}),
      onChain: phases.chain.has(image),
      ...(exec ? { program: exec.program, argv: exec.argv } : {}),
      uid: exec?.uid ?? process?.uid ?? 0,
      gid: exec?.gid ?? process?.gid ?? 0,
      writes: writes?.count ?? 0,
      wrote: writes ? [...writes.paths].sort() : [],
    });
  }
  const mainExec = execs.get(phases.mainImage);
  return {
    schemaVersion: PROFILE_RECORD_VERSION,
    imageId,
    app: sortedPaths(app),
    startup: sortedPaths({ executed: minus(startup.executed, app.executed), used: minus(startup.used, app.used) }),
    startupSteps,
    startupChanges: facts.metadataChanges
      .filter((change) => !phases.app.has(change.image))
      .map(({ image: _image, ...change }) => change),
    main: {
      uid: mainExec?.uid ?? 0,
      gid: mainExec?.gid ?? 0,
      groups: [...(mainExec?.groups ?? [])],
      umask: mainExec?.umask ?? 0o022,
    },
  };
}

/**
 * The image a step was started from: the same pid's previous program, or — for the first program
 * of a forked process, and for a forked process that ran none — the image that forked it.
 */
function parentOf(facts: TraceFacts, image: string): string | undefined {
  const { pid, generation } = parseImageKey(image);
  return generation > 1 ? imageKeyOf(pid, generation - 1) : parentImage(facts, imageKeyOf(pid, 0));
}

function byImageOrder(facts: TraceFacts): (a: string, b: string) => number {
  const order = new Map([...facts.processes.keys()].map((pid, index) => [pid, index]));
  return (a, b) => {
    const first = parseImageKey(a);
    const second = parseImageKey(b);
    return (order.get(first.pid) ?? 0) - (order.get(second.pid) ?? 0) || first.generation - second.generation;
  };
}

function minus(values: Set<string>, without: Set<string>): Set<string> {
  return new Set([...values].filter((value) => !without.has(value)));
}

function sortedPaths(paths: { executed: Set<string>; used: Set<string> }): UsedPaths {
  return { executed: [...paths.executed].sort(), used: [...paths.used].sort() };
}

export function profileRecordToJson(record: ProfileRecord): string {
  return `${JSON.stringify(record, null, 1)}\n`;
}

/** Reads a profile-record.json; a missing or foreign file is one sentence naming what to do. */
export function parseProfileRecord(text: string, shownPath: string): ProfileRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HardenError('manifest-invalid', `${shownPath} is not JSON; profile the image again to write it anew.`);
  }
  const record = parsed as Partial<ProfileRecord> | null;
  if (
    !record ||
    record.schemaVersion !== PROFILE_RECORD_VERSION ||
    typeof record.imageId !== 'string' ||
    !Array.isArray(record.app?.used) ||
    !Array.isArray(record.app?.executed) ||
    !Array.isArray(record.startup?.used) ||
    !Array.isArray(record.startupSteps) ||
    !Array.isArray(record.startupChanges) ||
    typeof record.main?.uid !== 'number'
  ) {
    throw new HardenError('manifest-invalid', `${shownPath} is not a profile record of this version of harden; profile the image again.`);
  }
  return record as ProfileRecord;
}

import { posix } from 'node:path';
import { parseAccounts } from '../image/accountDatabase';
import type { ImageIndex } from '../image/imageIndex';
import { initDecision } from '../generate/hardenedSettings';
import type { HardeningManifest } from '../manifest/manifestTypes';
import type { ProfileRecord, StartupStep } from '../profile/profileRecord';

/** Where the production image keeps first-start data for the init to copy into an empty data path. */
export const SEED_ROOT = '/.harden/seed';

/**
 * What the init does instead of the entrypoint script, taken from the traced start-up: the
 * start-up steps on writable paths, the privilege drop, the environment the script set, the
 * final command — and the first-start data as a seed. What the trace cannot carry over is listed.
 */
export interface StartupReplacement {
  /** groups absent: none besides gid (gosu, `setgroups(0, NULL)`), which the init's `user` line says by leaving them out. */
  user?: { uid: number; gid: number; groups?: number[] };
  workdir?: string;
  umask?: number;
  /** `${NAME:=value}`: set when unset or empty, as the script did. */
  defaults: Array<{ name: string; value: string }>;
  /** Set whatever the container was given (the script set it unconditionally). */
  sets: Array<{ name: string; value: string }>;
  /** Variables the script reads from NAME_FILE when that is set (the `_FILE` secrets convention). */
  fileEnv: string[];
  /** Variables the script requires (`${NAME:?message}`). */
  required: string[];
  unsets: string[];
  steps: InitStep[];
  /** Data paths whose first-start content the image carries (copied in when the path is empty). */
  seeds: Array<{ target: string; source: string; writers: string[] }>;
  /** The app's command for the init: `$` written `$$`, variables the script expanded as `${NAME}`. */
  argv: string[];
  /**
   * The init execs the app rather than staying PID 1: the app drops privileges itself (so a root
   * init could signal it only with KILL) and, as the profile showed, stops on the signal and reaps
   * its children by itself.
   */
  appIsPid1: boolean;
  /** One line per thing the init now does, for the report. */
  carriedOver: string[];
  /** One line per thing the trace cannot carry over; minify refuses with them unless --force. */
  notCarriedOver: string[];
}

export type InitStep =
  | { kind: 'mkdir'; path: string; mode: number; uid: number; gid: number }
  | { kind: 'chown'; path: string; uid: number; gid: number }
  | { kind: 'chmod'; path: string; mode: number };

export interface ReplacementInput {
  manifest: HardeningManifest;
  record: ProfileRecord;
  index: ImageIndex;
  /** Text of the scripts on the chain to the main command, by path. */
  scripts: ReadonlyMap<string, string>;
  /** Seed first-start data (false: `--no-seed`, such data is then not carried over). */
  seed: boolean;
}

/** Programs that only drop privileges and exec the next: the init's `user` does it. */
const PRIVILEGE_DROPPERS = new Set(['setpriv', 'gosu', 'su-exec', 'runuser', 'su', 'chpst', 's6-setuidgid', 'setuidgid', 'sudo']);
/** Programs the init's start-up steps replace. */
const STEP_PROGRAMS = new Set(['mkdir', 'chown', 'chmod', 'install', 'chgrp']);
/** Programs whose result only steers the script (who am I, where is it): nothing to carry over. */
const STEERING_PROGRAMS = new Set(['id', 'whoami', 'true', 'false', 'test', '[', 'dirname', 'basename', 'readlink', 'realpath', 'printenv', 'nproc', 'uname']);
/** Variables Docker sets in every container itself, and those a shell sets for what it runs. */
const ENGINE_VARIABLES = new Set(['HOSTNAME', 'HOME']);
const SHELL_VARIABLES = new Set(['PWD', 'OLDPWD', 'SHLVL', '_']);
const CONDITIONAL_LINE = /^\s*(if|elif|case|while|until)\b/;

export function replaceStartup(input: ReplacementInput): StartupReplacement {
  const { manifest, record } = input;
  const main = manifest.execution.main;
  const carriedOver: string[] = [];
  const notCarriedOver: string[] = [];
  const startUid = manifest.execution.chain[0]?.uid ?? main.uid;
  const startGid = manifest.execution.chain[0]?.gid ?? main.gid;
  const dropped = record.main.uid !== startUid || record.main.gid !== startGid;
  const { uid, gid, groups } = record.main;
  const user = dropped ? { uid, gid, ...(groups.length > 0 ? { groups } : {}) } : undefined;
  if (user) carriedOver.push(`drops privileges to ${user.uid}:${user.gid} (groups ${user.groups?.join(',') ?? `none besides ${gid}`}) before it starts the app, as the start-up did`);

  const seeds = input.seed ? seedTargets(manifest, record) : [];
  for (const seed of seeds) {
    carriedOver.push(
      `copies the first-start data of ${seed.target} (written by ${seed.writers.join(', ')}) into it when it is empty; every container of the image starts from the same data, so keys and passwords generated on first start are shared (--no-seed refuses instead)`,
    );
  }
  const seeded = (path: string): boolean => seeds.some((seed) => path.startsWith(`${seed.target}/`));

  const steps = startupSteps(manifest, record, input.index, seeded, notCarriedOver).map(ownedByConfiguredUser(manifest, startUid, startGid, dropped));
  for (const step of steps) carriedOver.push(`start-up step: ${describeStep(step)}`);

  const accounts = parseAccounts(input.index.content('/etc/passwd'), input.index.content('/etc/group'));
  const startHome = accounts.users.find((account) => account.uid === startUid)?.home ?? '/';
  const environment = environmentChanges(manifest, input.scripts, startHome);
  const { fileEnv, required } = scriptConventions(input.scripts);
  for (const name of fileEnv) carriedOver.push(`${name} can come from the file ${name}_FILE names, as the script allowed`);
  for (const name of required) carriedOver.push(`${name} must be set, as the script required`);
  for (const { name, value } of environment.defaults) carriedOver.push(`${name} defaults to ${JSON.stringify(value)}`);
  for (const { name, value } of environment.sets) carriedOver.push(`${name} is set to ${JSON.stringify(value)}`);
  for (const name of environment.unsets) carriedOver.push(`${name} is removed from the environment`);

  const dataPaths = manifest.writablePaths.filter((path) => path.kind === 'data').map((path) => path.path);
  judgeStartupCommands(record, seeds, dataPaths, input.seed, notCarriedOver);
  for (const [path, text] of input.scripts) {
    text.split('\n').forEach((line, index) => {
      if (CONDITIONAL_LINE.test(line)) notCarriedOver.push(`${path}:${index + 1}: only the branch the profile took is carried over: \`${line.trim().slice(0, 100)}\``);
    });
  }

  const argv = templatedArgv(main.argv, main.program, environment.defaults, input.scripts, main.env);
  const init = initDecision(manifest);
  const appIsPid1 = !user && init.kind === 'none';
  if (appIsPid1) carriedOver.push(`hands PID 1 over to the app once the start-up is done: ${init.reason}`);
  const workdir = main.workingDir && main.workingDir !== (manifest.image.workingDir || '/') ? main.workingDir : undefined;
  const umask = record.main.umask !== 0o022 ? record.main.umask : undefined;
  return { ...(user ? { user } : {}), ...(workdir ? { workdir } : {}), ...(umask !== undefined ? { umask } : {}), ...environment, fileEnv, required, steps, seeds, argv, appIsPid1, carriedOver, notCarriedOver };
}

/**
 * Data paths the start-up phase (a first-start initdb, the script itself) wrote into: their content
 * after the graceful stop becomes the seed. Programs that call a shell to do it (initdb through
 * popen) cannot run in a shell-less image; the seed replaces the whole first start.
 */
function seedTargets(manifest: HardeningManifest, record: ProfileRecord): StartupReplacement['seeds'] {
  const dataPaths = manifest.writablePaths.filter((path) => path.kind === 'data' && path.mount.type === 'volume').map((path) => path.path);
  const seeds: StartupReplacement['seeds'] = [];
  for (const target of dataPaths) {
    const writers = record.startupSteps.filter((step) => step.wrote.some((path) => path.startsWith(`${target}/`)));
    if (writers.length === 0) continue;
    seeds.push({ target, source: `${SEED_ROOT}${target}`, writers: [...new Set(writers.map(stepName))] });
  }
  return seeds;
}

/**
 * mkdir/chown/chmod of the start-up on the writable paths, folded into one step per path with its
 * final owner and mode. Changes below a seeded path come with the seed; changes elsewhere must
 * have been no-ops on the image (verify passed with a read-only root), or they are not carried over.
 */
function startupSteps(manifest: HardeningManifest, record: ProfileRecord, index: ImageIndex, seeded: (path: string) => boolean, notCarriedOver: string[]): InitStep[] {
  const writable = manifest.writablePaths.map((path) => path.path);
  const onWritable = (path: string): boolean => writable.some((root) => path === root || path.startsWith(`${root}/`));
  const dataPaths = manifest.writablePaths.filter((path) => path.kind === 'data' && path.mount.type === 'volume').map((path) => path.path);
  // Below a data path the start-up made first-start data (an initdb): it comes with the seed, or not at all.
  const belowData = (path: string): boolean => dataPaths.some((root) => path.startsWith(`${root}/`));
  const folded = new Map<string, { created?: { mode: number; uid: number; gid: number }; uid?: number; gid?: number; mode?: number }>();
  for (const change of record.startupChanges) {
    if (seeded(change.path) || belowData(change.path)) continue;
    const state = folded.get(change.path) ?? {};
    folded.set(change.path, state);
    if (change.kind === 'mkdir') state.created = { mode: change.mode ?? 0o755, uid: change.uid ?? 0, gid: change.gid ?? 0 };
    else if (change.kind === 'chmod' && change.mode !== undefined) state.mode = change.mode;
    else if (change.kind === 'chown') {
      if (change.uid !== undefined && change.uid !== -1) state.uid = change.uid;
      if (change.gid !== undefined && change.gid !== -1) state.gid = change.gid;
    }
  }
  const steps: InitStep[] = [];
  for (const [path, state] of folded) {
    if (!onWritable(path)) {
      const entry = index.get(path);
      const same = entry && (state.mode === undefined || (entry.mode & 0o7777) === state.mode) && (state.uid === undefined || entry.uid === state.uid) && (state.gid === undefined || entry.gid === state.gid);
      if (!same) notCarriedOver.push(`the start-up changed ${path}, which is not a writable path: the production image keeps it as the image has it`);
      continue;
    }
    if (state.created) {
      steps.push({ kind: 'mkdir', path, mode: state.mode ?? state.created.mode, uid: state.uid ?? state.created.uid, gid: state.gid ?? state.created.gid });
      continue;
    }
    if (state.uid !== undefined || state.gid !== undefined) {
      const entry = index.get(path);
      steps.push({ kind: 'chown', path, uid: state.uid ?? entry?.uid ?? 0, gid: state.gid ?? entry?.gid ?? 0 });
    }
    if (state.mode !== undefined) steps.push({ kind: 'chmod', path, mode: state.mode });
  }
  return steps;
}

/**
 * Without a drop of privileges the init runs as the configuration's user, which need not be the
 * one profiled (run as the owner, or as nobody when root was not needed): what the start-up made
 * as its own user, the init makes as the configuration's.
 */
function ownedByConfiguredUser(manifest: HardeningManifest, startUid: number, startGid: number, dropped: boolean): (step: InitStep) => InitStep {
  const { uid, gid } = manifest.runAs;
  if (dropped || (uid === startUid && gid === startGid)) return (step) => step;
  return (step) => ('uid' in step ? { ...step, uid: step.uid === startUid ? uid : step.uid, gid: step.gid === startGid ? gid : step.gid } : step);
}

/**
 * Every program the start-up ran besides the chain to the main command: replaced by a step, part
 * of the seeded first start, only steering the script — or not carried over (it wrote somewhere
 * else, or computed a value the trace cannot tell).
 */
function judgeStartupCommands(record: ProfileRecord, seeds: StartupReplacement['seeds'], dataPaths: string[], seeding: boolean, notCarriedOver: string[]): void {
  const byImage = new Map(record.startupSteps.map((step) => [step.image, step]));
  const seededImages = new Set<string>();
  const inSeed = (path: string): boolean => seeds.some((seed) => path === seed.target || path.startsWith(`${seed.target}/`));
  const dataWrites = (step: StartupStep): boolean => step.wrote.length > 0 && step.wrote.every(inSeed);
  for (const step of record.startupSteps) if (!step.onChain && dataWrites(step)) seededImages.add(step.image);
  const underSeed = (step: StartupStep): boolean => {
    for (let current: StartupStep | undefined = step; current; current = current.parent ? byImage.get(current.parent) : undefined) {
      if (seededImages.has(current.image) && !current.onChain) return true;
    }
    return false;
  };
  for (const step of record.startupSteps) {
    const name = posix.basename(step.program ?? '');
    const command = `\`${(step.argv ?? [name]).join(' ').slice(0, 120)}\``;
    if (step.onChain) {
      const elsewhere = step.wrote.filter((path) => !inSeed(path));
      if (elsewhere.length > 0) notCarriedOver.push(`the start-up script wrote ${elsewhere.slice(0, 3).join(', ')}: what it wrote is not reproduced`);
      continue;
    }
    if (underSeed(step)) continue;
    if (step.program === undefined) {
      if (step.wrote.length > 0) notCarriedOver.push(`a start-up subshell wrote ${step.wrote.slice(0, 3).join(', ')}: what it wrote is not reproduced`);
      continue;
    }
    if (STEP_PROGRAMS.has(name) && (step.argv ?? []).some(isRecursiveFlag)) {
      notCarriedOver.push(`${command}: the init changes the path itself, not what lies below it (files a volume already holds keep their owner and mode)`);
      continue;
    }
    if (STEP_PROGRAMS.has(name) || PRIVILEGE_DROPPERS.has(name) || STEERING_PROGRAMS.has(name)) continue;
    if (step.wrote.length > 0) {
      const why = !seeding && step.wrote.some((path) => dataPaths.some((root) => path.startsWith(`${root}/`))) ? ' (first-start data, not seeded: --no-seed)' : '';
      notCarriedOver.push(`${command} wrote ${step.wrote.slice(0, 3).join(', ')}${why}: the production image does not run it`);
    } else notCarriedOver.push(`value computed by a command: ${command} (the production image does not run it; its result is taken as it was in the profile)`);
  }
}

/**
 * Conventions of entrypoint scripts the init has directives for: a secret read from NAME_FILE
 * (`file_env 'NAME'` in official images, or `$NAME_FILE`), and `${NAME:?message}`.
 */
function scriptConventions(scripts: ReadonlyMap<string, string>): { fileEnv: string[]; required: string[] } {
  const text = [...scripts.values()].join('\n');
  const fileEnv = new Set<string>();
  for (const match of text.matchAll(/\bfile_env\s+['"]?([A-Za-z_][A-Za-z0-9_]*)/g)) fileEnv.add(match[1]);
  for (const match of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)_FILE\b/g)) fileEnv.add(match[1]);
  const required = new Set<string>();
  for (const match of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)) required.add(match[1]);
  return { fileEnv: [...fileEnv].sort(), required: [...required].sort() };
}

/** What the start-up changed in the environment, against what the container started with. */
function environmentChanges(manifest: HardeningManifest, scripts: ReadonlyMap<string, string>, startHome: string): Pick<StartupReplacement, 'defaults' | 'sets' | 'unsets'> {
  // Docker gives HOME the starting user's home when the image sets none.
  const started = toMap([`HOME=${startHome}`, ...manifest.image.env, ...manifest.profile.overrides.env]);
  const final = toMap(manifest.execution.main.env);
  const scriptText = [...scripts.values()].join('\n');
  const defaults: StartupReplacement['defaults'] = [];
  const sets: StartupReplacement['sets'] = [];
  for (const [name, value] of final) {
    if (started.get(name) === value || (SHELL_VARIABLES.has(name) && !started.has(name))) continue;
    // Docker sets HOSTNAME itself; HOME changes with a switch of user (gosu sets it) and is carried then.
    if (name === 'HOSTNAME') continue;
    const conditional = new RegExp(`\\$\\{${name}:?[-=]`).test(scriptText);
    if (!started.has(name) && (conditional || scriptText === '')) defaults.push({ name, value });
    else sets.push({ name, value });
  }
  const unsets = [...started.keys()].filter((name) => !final.has(name) && !ENGINE_VARIABLES.has(name));
  return { defaults, sets, unsets };
}

/**
 * The main command for the init: argv[0] as the app was started when PATH finds it, else its
 * path; a literal `$` doubled; and an argument that is exactly the value of a variable the script
 * defaulted and expanded (`--port=8080` from `--port=${PORT:-8080}`) written as that variable, so
 * that setting it still changes the command.
 */
function templatedArgv(argv: readonly string[], program: string, defaults: StartupReplacement['defaults'], scripts: ReadonlyMap<string, string>, env: readonly string[]): string[] {
  const scriptText = [...scripts.values()].join('\n');
  const environment = toMap(env);
  const path = environment.get('PATH') ?? '';
  // A default the script gave a variable it did not export (`: "${REDIS_PORT:=6379}"`): not in the
  // app's environment, so an argument holding it is written `${REDIS_PORT:-6379}` for the init.
  const unexported = [...scriptDefaults(scriptText)]
    .filter(([name]) => !environment.has(name) && !defaults.some((entry) => entry.name === name))
    .map(([name, value]) => ({ name, value, template: `\${${name}:-${value.replaceAll('$', '$$$$')}}` }));
  const templates = [...defaults.map(({ name, value }) => ({ name, value, template: `\${${name}}` })), ...unexported];
  const first = argv[0] ?? program;
  const head = first.includes('/') || path.split(':').some((dir) => dir !== '' && posix.join(dir, first) === program) ? first : program;
  return [head, ...argv.slice(1)].map((arg, position) => {
    let text = arg.replaceAll('$', '$$$$');
    if (position === 0) return text;
    for (const { name, value, template } of templates) {
      if (value.length < 2 || !new RegExp(`\\$\\{?${name}\\b`).test(scriptText)) continue;
      if (arg === value) text = template;
      else if (arg.endsWith(`=${value}`)) text = `${text.slice(0, text.length - value.replaceAll('$', '$$$$').length)}${template}`;
    }
    return text;
  });
}

/** `-R`, `-Rf`, `--recursive`: a recursive chown/chmod. */
function isRecursiveFlag(argument: string): boolean {
  return argument === '--recursive' || /^-[a-zA-Z]*R[a-zA-Z]*$/.test(argument);
}

/** `${NAME:-word}`, `${NAME:=word}` (and without the colon) with a literal word, first one per name. */
function scriptDefaults(scriptText: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of scriptText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=]([^}$`"'\\]*)\}/g)) if (!found.has(match[1])) found.set(match[1], match[2]);
  return found;
}

function toMap(pairs: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at > 0) map.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return map;
}

function stepName(step: StartupStep): string {
  return step.program ? posix.basename(step.program) : 'the start-up script';
}

export function describeStep(step: InitStep): string {
  const mode = (value: number): string => value.toString(8).padStart(4, '0');
  switch (step.kind) {
    case 'mkdir':
      return `mkdir -p ${step.path} (mode ${mode(step.mode)}, owner ${step.uid}:${step.gid})`;
    case 'chown':
      return `chown ${step.uid}:${step.gid} ${step.path}`;
    case 'chmod':
      return `chmod ${mode(step.mode)} ${step.path}`;
  }
}

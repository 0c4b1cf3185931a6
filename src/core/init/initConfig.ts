import { printable } from '../text/printable';

/**
 * The configuration harden-init reads from /.harden/init.conf (format 1, README "The init"): its
 * types, the text the init parses, and the checks the init makes, so that a file written here never
 * fails `harden-init --check` in a `docker build`. src/init/config.c and src/init/expand.c are the
 * other half: keep the two in step.
 */
export interface InitConfig {
  /** Comment lines at the top: which command wrote the file, from which manifest. */
  header?: readonly string[];
  /** The user the init drops to before it starts the app; absent: it stays the starting user. */
  user?: InitUser;
  /** Absolute; the app starts there. */
  workdir?: string;
  /** The app's umask (0 to 0o777); absent: the one the container was started with. */
  umask?: number;
  /** Variables that may come from a file: NAME_FILE=/run/secrets/x fills NAME. */
  fileEnv?: readonly string[];
  /** default/set/unset, run in this order; values are expanded. */
  environment?: readonly InitEnvironmentStep[];
  /** Variables that must be set and non-empty, or the container exits 78. */
  require?: readonly string[];
  /** Run as the starting user before the drop, in this order, each only where the state differs. */
  steps?: readonly InitStartupStep[];
  /** The app's argv; each element is expanded into exactly one argument. */
  exec: readonly string[];
  /** The init execs the app instead of supervising it: the app is PID 1 (it stops and reaps by itself). */
  appIsPid1?: boolean;
}

export interface InitUser {
  uid: number;
  gid: number;
  /** Supplementary groups; absent: just `gid`. */
  groups?: readonly number[];
}

export type InitEnvironmentStep =
  | { kind: 'default'; name: string; value: string }
  | { kind: 'set'; name: string; value: string }
  | { kind: 'unset'; name: string };

export type InitStartupStep =
  | { kind: 'mkdir'; path: string; mode: number; uid: number; gid: number }
  | { kind: 'chown'; path: string; uid: number; gid: number }
  | { kind: 'chmod'; path: string; mode: number }
  | { kind: 'seed'; source: string; target: string };

export const INIT_CONFIG_PATH = '/.harden/init.conf';

const FORMAT_LINE = 'harden-init 1';
const MAX_ID = 4294967294; // (uid_t)-1 means "unchanged" to the kernel
const MAX_GROUPS = 65536;
const MAX_MODE = 0o7777;
const MAX_UMASK = 0o777;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
// With the u flag a surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** The file's text; write it only when `validateInitConfig` found no problem. */
export function serializeInitConfig(config: InitConfig): string {
  const lines = [...(config.header ?? []).map((line) => `# ${printable(line)}`.trimEnd()), FORMAT_LINE];
  if (config.user) lines.push(userLine(config.user));
  if (config.workdir !== undefined) lines.push(`workdir ${quote(config.workdir)}`);
  if (config.umask !== undefined) lines.push(`umask ${octal(config.umask)}`);
  for (const name of config.fileEnv ?? []) lines.push(`file-env ${quote(name)}`);
  for (const step of config.environment ?? []) lines.push(environmentLine(step));
  for (const name of config.require ?? []) lines.push(`require ${quote(name)}`);
  for (const step of config.steps ?? []) lines.push(startupLine(step));
  lines.push(['exec', ...config.exec.map(quote)].join(' '));
  if (config.appIsPid1) lines.push('app-is-pid1');
  return `${lines.join('\n')}\n`;
}

/** What harden-init would refuse in this configuration, one sentence each; empty when it is valid. */
export function validateInitConfig(config: InitConfig): string[] {
  const problems: string[] = [];
  const check = (problem: string | undefined) => problem !== undefined && problems.push(problem);
  if (config.user) {
    check(idProblem('user.uid', config.user.uid));
    check(idProblem('user.gid', config.user.gid));
    const { groups } = config.user;
    if (groups !== undefined && (groups.length === 0 || groups.length > MAX_GROUPS)) {
      problems.push(`user.groups must list 1 to ${MAX_GROUPS} group ids; leave it out to use just the group ${config.user.gid}.`);
    }
    groups?.forEach((group, index) => check(idProblem(`user.groups[${index}]`, group)));
  }
  if (config.workdir !== undefined) check(pathProblem('workdir', config.workdir));
  if (config.umask !== undefined) check(modeProblem('umask', config.umask, MAX_UMASK));
  config.fileEnv?.forEach((name, index) => check(nameProblem(`fileEnv[${index}]`, name)));
  config.environment?.forEach((step, index) => {
    check(nameProblem(`environment[${index}] (${step.kind})`, step.name));
    if (step.kind !== 'unset') check(expandedProblem(`environment[${index}] (${step.kind} ${step.name})`, step.value));
  });
  config.require?.forEach((name, index) => check(nameProblem(`require[${index}]`, name)));
  config.steps?.forEach((step, index) => stepProblems(`steps[${index}] (${step.kind})`, step).forEach(check));
  if (config.exec.length === 0 || config.exec[0] === '') {
    problems.push('exec must name the program to run as its first element.');
  }
  config.exec.forEach((argument, index) => check(expandedProblem(`exec[${index}]`, argument)));
  return problems;
}

function stepProblems(where: string, step: InitStartupStep): Array<string | undefined> {
  switch (step.kind) {
    case 'mkdir':
      return [pathProblem(where, step.path), modeProblem(where, step.mode, MAX_MODE), idProblem(`${where} uid`, step.uid), idProblem(`${where} gid`, step.gid)];
    case 'chown':
      return [pathProblem(where, step.path), idProblem(`${where} uid`, step.uid), idProblem(`${where} gid`, step.gid)];
    case 'chmod':
      return [pathProblem(where, step.path), modeProblem(where, step.mode, MAX_MODE)];
    case 'seed':
      return [
        pathProblem(`${where} source`, step.source),
        pathProblem(`${where} target`, step.target),
        isWithin(step.target, step.source) ? `${where}: the target ${step.target} is the source or lies inside it.` : undefined,
      ];
  }
}

function userLine(user: InitUser): string {
  const groups = user.groups ? ` ${user.groups.join(',')}` : '';
  return `user ${user.uid} ${user.gid}${groups}`;
}

function environmentLine(step: InitEnvironmentStep): string {
  return step.kind === 'unset' ? `unset ${quote(step.name)}` : `${step.kind} ${quote(step.name)} ${quote(step.value)}`;
}

function startupLine(step: InitStartupStep): string {
  switch (step.kind) {
    case 'mkdir':
      return `mkdir ${quote(step.path)} ${octal(step.mode)} ${step.uid} ${step.gid}`;
    case 'chown':
      return `chown ${quote(step.path)} ${step.uid} ${step.gid}`;
    case 'chmod':
      return `chmod ${quote(step.path)} ${octal(step.mode)}`;
    case 'seed':
      return `seed ${quote(step.source)} ${quote(step.target)}`;
  }
}

/** A double-quoted string with the init's escapes: \\ \" \n \t, and \xHH for other control characters. */
export function quote(text: string): string {
  const escaped = text.replace(/[\\"\x00-\x1f\x7f]/g, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\t') return '\\t';
    if (char === '\\' || char === '"') return `\\${char}`;
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `"${escaped}"`;
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

function idProblem(where: string, id: number): string | undefined {
  return Number.isInteger(id) && id >= 0 && id <= MAX_ID ? undefined : `${where} must be a numeric id from 0 to ${MAX_ID}, not ${id}.`;
}

function modeProblem(where: string, mode: number, max: number): string | undefined {
  return Number.isInteger(mode) && mode >= 0 && mode <= max ? undefined : `${where}: the mode must be from 0 to 0${max.toString(8)} (octal), not ${mode}.`;
}

function stringProblem(where: string, text: string): string | undefined {
  if (text.includes('\0')) return `${where} holds a NUL character, which the init cannot pass on.`;
  if (LONE_SURROGATE.test(text)) return `${where} holds a lone surrogate, which UTF-8 cannot hold.`;
  return undefined;
}

function pathProblem(where: string, path: string): string | undefined {
  return stringProblem(where, path) ?? (path.startsWith('/') ? undefined : `${where}: the path "${printable(path)}" is not absolute.`);
}

function nameProblem(where: string, name: string): string | undefined {
  const match = VARIABLE_NAME.exec(name);
  return match && match[0].length === name.length
    ? undefined
    : `${where}: "${printable(name)}" is not a variable name (letters, digits and _, not starting with a digit).`;
}

function expandedProblem(where: string, text: string): string | undefined {
  const problem = expansionProblem(text);
  return stringProblem(where, text) ?? (problem === undefined ? undefined : `${where}: ${problem}`);
}

function isWithin(path: string, directory: string): boolean {
  return directory === '/' || path === directory || path.startsWith(`${directory}/`);
}

/**
 * The expansion grammar of src/init/expand.c: $$, $NAME, ${NAME}, and ${NAME<op>word} with op one
 * of :- - := = :? ?, whose word may use $$, $NAME and ${NAME}. Anything else after a $ is refused.
 */
export function expansionProblem(text: string): string | undefined {
  for (let cursor = text.indexOf('$'); cursor !== -1; ) {
    const next = expansionEnd(text, cursor);
    if (typeof next === 'string') return next;
    cursor = text.indexOf('$', next);
  }
  return undefined;
}

/** Where the expansion starting at `start` (a $) ends, or why it is not one. */
function expansionEnd(text: string, start: number): number | string {
  const after = start + 1;
  if (text[after] === '$') return after + 1;
  const plain = nameLength(text, after);
  if (plain > 0) return after + plain;
  const braced = text[after] === '{' ? nameLength(text, after + 1) : 0;
  if (braced === 0) return unsupported(text, start, false);
  let cursor = after + 1 + braced;
  if (text[cursor] === '}') return cursor + 1;
  if (text[cursor] === ':') cursor++;
  if (text[cursor] !== '-' && text[cursor] !== '=' && text[cursor] !== '?') return unsupported(text, start, false);
  for (cursor++; text[cursor] !== '}'; ) {
    if (cursor >= text.length) return `"${text.slice(start, start + 24)}" has no closing }.`;
    if (text[cursor] !== '$') {
      cursor++;
      continue;
    }
    const reference = cursor + 1;
    const inner = text[reference] === '{' ? nameLength(text, reference + 1) : nameLength(text, reference);
    if (text[reference] === '$') cursor = reference + 1;
    else if (text[reference] !== '{' && inner > 0) cursor = reference + inner;
    else if (text[reference] === '{' && inner > 0 && text[reference + 1 + inner] === '}') cursor = reference + inner + 2;
    else return unsupported(text, cursor, true);
  }
  return cursor + 1;
}

function nameLength(text: string, from: number): number {
  return VARIABLE_NAME.exec(text.slice(from))?.[0].length ?? 0;
}

function unsupported(text: string, start: number, inWord: boolean): string {
  let shown = 0;
  while (start + 1 + shown < text.length && !'$} '.includes(text[start + 1 + shown])) shown++;
  if (text[start + 1 + shown] === '}') shown++;
  const snippet = printable(text.slice(start, start + 1 + Math.min(shown, 24)));
  return inWord
    ? `"${snippet}": inside \${NAME:-word} and its kin the word may use only $NAME, \${NAME} and $$.`
    : `"${snippet}" is not an expansion harden-init knows ($NAME, \${NAME}, \${NAME:-word}, \${NAME-word}, \${NAME:=word}, \${NAME=word}, \${NAME:?message}, \${NAME?message}); write $$ for a literal $.`;
}

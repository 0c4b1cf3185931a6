import type { Instruction } from 'dockerfile-ast';
import { isShell, type RuleContext } from '../ruleContext';
import { basename, programIndex } from '../shellWords';
import type { Stage } from '../stageModel';
import { interpreterOf, sourcesOf } from './imageFiles';

export interface Word {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Inits and privilege droppers that start the program given after them: how many operands they
 * take first (a user), and which of their options take a value.
 */
const launchers: Record<string, { readonly operands: number; readonly optionsWithValue: ReadonlySet<string> }> = {
  tini: { operands: 0, optionsWithValue: new Set(['-e', '-p']) },
  'tini-static': { operands: 0, optionsWithValue: new Set(['-e', '-p']) },
  'dumb-init': { operands: 0, optionsWithValue: new Set(['-r', '--rewrite']) },
  catatonit: { operands: 0, optionsWithValue: new Set() },
  gosu: { operands: 1, optionsWithValue: new Set() },
  'su-exec': { operands: 1, optionsWithValue: new Set() },
  's6-setuidgid': { operands: 1, optionsWithValue: new Set() },
  setuidgid: { operands: 1, optionsWithValue: new Set() },
  setpriv: { operands: 0, optionsWithValue: new Set(['--reuid', '--regid', '--groups', '--inh-caps', '--ambient-caps', '--bounding-set', '--securebits', '--selinux-label', '--apparmor-profile', '--pdeathsig']) },
  runuser: { operands: 0, optionsWithValue: new Set(['-u', '-g', '-G', '--user', '--group', '--supp-group']) },
  chpst: { operands: 0, optionsWithValue: new Set(['-u', '-U', '-e', '-/', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c', '-t']) },
  'with-contenv': { operands: 0, optionsWithValue: new Set() },
};

/** The words a CMD, ENTRYPOINT or HEALTHCHECK CMD runs, exec or shell form, with their offsets. */
export function commandWords(context: RuleContext, instruction: Instruction): Word[] {
  const exec = context.execForm(instruction);
  if (exec) return exec.args.map((arg) => ({ value: arg.value, start: arg.start, end: arg.end }));
  const first = context.shellCommands(instruction)[0];
  if (!first) return [];
  return first.words.slice(Math.max(programIndex(first.words), 0));
}

/** The program that really runs: past inits (`tini --`) and privilege droppers (`gosu app`). */
export function startedProgram(words: readonly Word[]): Word | undefined {
  let index = 0;
  for (let launcher = launchers[basename(words[0]?.value ?? '')]; launcher; launcher = launchers[basename(words[index]?.value ?? '')]) {
    index += 1;
    while (words[index]?.value.startsWith('-')) {
      const option = words[index]?.value ?? '';
      index += 1;
      if (option === '--') break;
      if (launcher.optionsWithValue.has(option)) index += 1;
    }
    index += launcher.operands;
  }
  return words[index];
}

export type ShellUse = { readonly kind: 'shell' | 'script'; readonly name: string };

const scriptExtension = /\.(sh|bash|ksh|zsh|ash|dash)$/i;
/** Names that are wrapper scripts by convention; used only when the file's shebang cannot be read. */
const scriptName = /(^|[-_])(entrypoint|entry-point)$|^docker-entrypoint/i;

/**
 * Does running `program` in the stage's image need a shell? A shell itself, or a script: known by
 * its extension, by the shebang of the file a COPY put there (a heredoc, or the build context when
 * it can be read), or — when neither can be read — by a wrapper-script name like `docker-entrypoint`.
 */
export function shellUse(context: RuleContext, stage: Stage, program: string, before?: Instruction): ShellUse | undefined {
  const name = basename(program);
  if (isShell(name)) return { kind: 'shell', name };
  const interpreter = interpreterOf(context, sourcesOf(context, stage, program, before));
  if (interpreter !== undefined) return isShell(interpreter) ? { kind: 'script', name } : undefined;
  if (scriptExtension.test(name) || scriptName.test(name)) return { kind: 'script', name };
  return undefined;
}

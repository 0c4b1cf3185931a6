import { Run, type Instruction } from 'dockerfile-ast';
import type { RuleContext } from '../ruleContext';
import { lineage } from '../stageModel';
import { basename, programAndArgs, type ShellCommand, type ShellToken } from '../shellWords';

/** One call of a program inside a RUN: `apt-get install -y curl`. */
export interface ProgramCall {
  readonly run: Run;
  readonly command: ShellCommand;
  readonly program: ShellToken;
  /** `program` without directory, e.g. `apt-get`. */
  readonly name: string;
  readonly args: readonly ShellToken[];
  /** The first argument that is not an option (`install`), if any. */
  readonly subcommand: ShellToken | undefined;
}

const optionsWithValue = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release', '-x', '--exclude']);

/** Calls of the named programs in the RUN instructions given. */
export function programCalls(context: RuleContext, runs: readonly Instruction[], names: ReadonlySet<string>): ProgramCall[] {
  const byRun = context.memo('programCallsByRun', () => {
    const index = new Map<Instruction, ProgramCall[]>();
    for (const call of everyProgramCall(context)) {
      const list = index.get(call.run);
      if (list) list.push(call);
      else index.set(call.run, [call]);
    }
    return index;
  });
  // Rules ask per RUN as often as for all of them: never scan every call for one RUN.
  return runs.flatMap((run) => byRun.get(run)?.filter((call) => names.has(call.name)) ?? []);
}

/** Every program call in every RUN, found once per file and shared by the rules. */
function everyProgramCall(context: RuleContext): ProgramCall[] {
  const calls: ProgramCall[] = [];
  for (const run of context.instructions('RUN')) {
    if (!(run instanceof Run)) continue;
    for (const command of context.shellCommands(run)) {
      const parts = programAndArgs(command);
      if (!parts) continue;
      const name = basename(parts.program.value);
      calls.push({ run, command, program: parts.program, name, args: parts.args, subcommand: firstOperand(parts.args) });
    }
  }
  return calls;
}

export function firstOperand(args: readonly ShellToken[]): ShellToken | undefined {
  for (let index = 0; index < args.length; index += 1) {
    const value = args[index]?.value ?? '';
    if (optionsWithValue.has(value)) index += 1;
    else if (!value.startsWith('-')) return args[index];
  }
  return undefined;
}

/** Does one of the words carry the option: a long name (also `--name=value`) or a short letter? */
export function hasOption(args: readonly ShellToken[], long: readonly string[], shortLetters = ''): boolean {
  return args.some((arg) => {
    const value = arg.value;
    if (value.startsWith('--')) return long.some((name) => value === name || value.startsWith(`${name}=`));
    if (value.startsWith('-') && shortLetters) return [...value.slice(1)].some((letter) => shortLetters.includes(letter));
    return long.includes(value);
  });
}

/** Does the RUN mount a cache or tmpfs on one of the paths (`--mount=type=cache,target=…`)? */
export function mountsOver(context: RuleContext, run: Run, paths: readonly string[]): boolean {
  return context.flags(run).some((flag) => {
    if (flag.getName() !== 'mount') return false;
    const type = flag.getOption('type')?.getValue();
    const target = flag.getOption('target')?.getValue() ?? flag.getOption('dst')?.getValue() ?? flag.getOption('destination')?.getValue();
    return (type === 'cache' || type === 'tmpfs') && target !== undefined && target !== null && paths.some((path) => target.replace(/\/$/, '') === path);
  });
}

/** Does the RUN contain a word mentioning the text (e.g. `rm -rf /var/lib/apt/lists/*`)? */
export function mentions(context: RuleContext, run: Run, fragment: string): boolean {
  return context.shellCommands(run).some((command) => command.words.some((word) => word.value.includes(fragment)));
}

/** Where to append `&& cleanup` to a RUN: after its last word, unless it ends oddly. */
export function appendOffset(context: RuleContext, run: Run): number | undefined {
  if (context.heredocs(run).length > 0) return undefined;
  const tokens = context.shellTokens(run);
  const span = context.shellSpan(run);
  const last = tokens?.[tokens.length - 1];
  if (!tokens || !span || !last || last.kind !== 'word') return undefined;
  if (context.text.content.slice(last.end, span.end).trim() !== '') return undefined;
  return last.end;
}

/**
 * Does an instruction of the RUN's stage (or the stages it builds on), up to the RUN itself, set
 * apt configuration such as `APT::Install-Recommends "false"` (in a conf file or with `-o`)?
 */
export function aptConfigured(context: RuleContext, run: Instruction, setting: RegExp): boolean {
  // The instructions that mention the setting, found once per file.
  const setters = context.memo(`apt-setting:${setting.source}`, () => new Set(context.instructions().filter((instruction) => setting.test(context.text.slice(instruction.getRange())))));
  const stage = context.stageOf(run);
  if (!stage || setters.size === 0) return false;
  const line = run.getRange().start.line;
  return lineage(stage).some((link) => link.instructions.some((instruction) => setters.has(instruction) && instruction.getRange().start.line <= line));
}

import { type Instruction, Run } from 'dockerfile-ast';
import type { RuleContext } from '../ruleContext';
import { basename, programAndArgs } from '../shellWords';
import type { Stage } from '../stageModel';
import { copyWords } from './imageFiles';

/**
 * What a fix that empties a cache must not break: the instructions that run after it in the same
 * build (the rest of its stage, then each stage built FROM it, each branch on its own).
 */
export interface LaterBranch {
  /** Later instructions of one line of descent, in the order they run. */
  readonly instructions: readonly Instruction[];
}

/** Each line of descent after the instruction: its stage's rest followed by one chain of derived stages. */
export function laterBranches(context: RuleContext, instruction: Instruction): LaterBranch[] {
  const stage = context.stageOf(instruction);
  if (!stage) return [];
  const line = instruction.getRange().start.line;
  const rest = stage.instructions.filter((other) => other.getRange().start.line > line);
  const branches: LaterBranch[] = [];
  const walk = (current: Stage, before: readonly Instruction[]): void => {
    const children = context.stages.stages.filter((candidate) => candidate.parent === current);
    if (children.length === 0) branches.push({ instructions: before });
    for (const child of children) walk(child, [...before, ...child.instructions.slice(1)]);
  };
  walk(stage, rest);
  return branches;
}

/**
 * Does anything after the instruction read one of the paths: a later RUN naming it, or a stage
 * that copies it out of this stage (or one built from it) with `COPY --from`?
 */
export function pathReadLater(context: RuleContext, instruction: Instruction, paths: readonly string[]): Instruction | undefined {
  const names = (text: string): boolean => paths.some((path) => text.includes(path));
  for (const later of context.laterInstructions(instruction)) {
    if (!(later instanceof Run)) continue;
    // Removing the files is no use of them.
    const readers = context.shellCommands(later).filter((command) => basename(programAndArgs(command)?.program.value ?? '') !== 'rm');
    if (readers.some((command) => command.words.some((word) => names(word.value)))) return later;
  }
  const stage = context.stageOf(instruction);
  if (!stage) return undefined;
  for (const source of [stage, ...context.stages.descendants(stage)]) {
    for (const reader of context.stages.readers(source)) {
      const copy = reader.instructions.find((candidate) => /^(COPY|ADD)$/.test(context.keyword(candidate)) && copyWords(context, candidate).slice(0, -1).some(names));
      if (copy) return copy;
    }
  }
  return undefined;
}

const shellNames = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/**
 * Does the RUN run something this linter cannot see into (a script from the build context, a
 * downloaded script piped to a shell), which may use the package manager on its own?
 */
export function runsOpaqueScript(context: RuleContext, run: Instruction): boolean {
  const commands = context.shellCommands(run);
  return commands.some((command, index) => {
    const program = command.words.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.value));
    if (!program) return false;
    const name = basename(program.value);
    if (/\.(sh|bash)$/.test(name) || program.value.startsWith('./')) return true;
    if (shellNames.has(name)) {
      const piped = commands[index - 1]?.operatorAfter === '|';
      const runsFile = command.words.some((word, wordIndex) => wordIndex > command.words.indexOf(program) && !word.value.startsWith('-'));
      return piped || (runsFile && !command.words.some((word) => word.value === '-c'));
    }
    return false;
  });
}

/** `line 12`, 1-based, for messages. */
export function lineOf(instruction: Instruction): string {
  return `line ${instruction.getRange().start.line + 1}`;
}

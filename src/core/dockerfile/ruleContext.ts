import {
  type Argument,
  type Dockerfile,
  Healthcheck,
  type Instruction,
  JSONInstruction,
  Run,
} from 'dockerfile-ast';
import type { DockerfileText } from './dockerfileText';
import type { Fix, Range, TextEdit } from './finding';
import type { RuleReport } from './rule';
import { basename, programAndArgs, scanShell, type ShellCommand, type ShellToken, splitCommands } from './shellWords';
import { buildStageModel, lineage, type Stage, type StageModel } from './stageModel';

const shells = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

/** What every rule reads: the parsed file, its text, its stages, and shell commands by instruction. */
export class RuleContext {
  readonly stages: StageModel;
  readonly escapeChar: string;
  private readonly commandCache = new Map<Instruction, ShellCommand[]>();

  constructor(
    readonly text: DockerfileText,
    readonly dockerfile: Dockerfile,
  ) {
    this.stages = buildStageModel(dockerfile);
    this.escapeChar = dockerfile.getEscapeCharacter();
  }

  instructions(keyword?: string): Instruction[] {
    const all = this.dockerfile.getInstructions();
    return keyword ? all.filter((instruction) => instruction.getKeyword() === keyword) : all;
  }

  /** Instructions whose effect reaches the shipped image: the final stage and its parents. */
  finalImageInstructions(keyword?: string): Instruction[] {
    return this.instructions(keyword).filter((instruction) => this.isInFinalImage(instruction));
  }

  isInFinalImage(instruction: Instruction): boolean {
    const stage = this.stages.stageAt(instruction.getRange().start.line);
    return stage !== undefined && this.stages.finalImageStages.has(stage);
  }

  stageOf(instruction: Instruction): Stage | undefined {
    return this.stages.stageAt(instruction.getRange().start.line);
  }

  /** Is the instruction in exec form (a JSON array)? */
  isExecForm(instruction: Instruction): instruction is JSONInstruction {
    return (
      instruction instanceof JSONInstruction &&
      instruction.getOpeningBracket() !== null &&
      instruction.getClosingBracket() !== null &&
      instruction.getJSONStrings().length > 0
    );
  }

  /** The shell commands an instruction runs (shell form and shell heredocs only). */
  shellCommands(instruction: Instruction): ShellCommand[] {
    let commands = this.commandCache.get(instruction);
    if (!commands) {
      commands = this.readShellCommands(instruction);
      this.commandCache.set(instruction, commands);
    }
    return commands;
  }

  /** The last USER in effect at the instruction, through inherited stages; undefined if none. */
  userAt(instruction: Instruction): Instruction | undefined {
    const stage = this.stageOf(instruction);
    if (!stage) return undefined;
    const line = instruction.getRange().start.line;
    for (const link of lineage(stage)) {
      const users = link.instructions.filter((candidate) => candidate.getKeyword() === 'USER' && candidate.getRange().start.line < line);
      const last = users[users.length - 1];
      if (last) return last;
    }
    return undefined;
  }

  range(start: number, end: number): Range {
    return { start: this.text.positionAt(start), end: this.text.positionAt(end) };
  }

  edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.range(start, end), newText };
  }

  offsetAt(position: Range['start']): number {
    return this.text.offsetAt(position);
  }

  /**
   * The shell tokens of a shell-form CMD, ENTRYPOINT or HEALTHCHECK CMD (not heredocs),
   * or undefined in exec form.
   */
  shellTokens(instruction: Instruction): ShellToken[] | undefined {
    const span = this.shellSpan(instruction);
    if (!span) return undefined;
    return scanShell(this.text.content, span.start, span.end, { escapeChar: this.escapeChar, mode: 'instruction' });
  }

  /** Offsets of the shell text: after flags (and HEALTHCHECK's `CMD`) to the instruction's end. */
  shellSpan(instruction: Instruction): { start: number; end: number } | undefined {
    if (this.isExecForm(instruction)) return undefined;
    const args = instruction.getArguments();
    let first: Argument | undefined = args[0];
    if (instruction instanceof Healthcheck) {
      const subcommand = instruction.getSubcommand();
      if (subcommand?.getValue().toUpperCase() !== 'CMD') return undefined;
      const after = this.offsetAt(subcommand.getRange().end);
      first = args.find((arg) => this.offsetAt(arg.getRange().start) >= after);
    }
    if (!first) return undefined;
    return { start: this.offsetAt(first.getRange().start), end: this.offsetAt(instruction.getRange().end) };
  }

  report(instruction: Instruction, range: Range, message: string, fixes: readonly Fix[] = []): RuleReport {
    return { range, instructionLine: instruction.getRange().start.line, message, fixes };
  }

  /** A report on the text between two offsets, e.g. one shell word. */
  reportOffsets(instruction: Instruction, start: number, end: number, message: string, fixes: readonly Fix[] = []): RuleReport {
    return this.report(instruction, this.range(start, end), message, fixes);
  }

  private readShellCommands(instruction: Instruction): ShellCommand[] {
    const span = this.shellSpan(instruction);
    if (!span) return [];
    if (!(instruction instanceof Run) || instruction.getHeredocs().length === 0) {
      return splitCommands(scanShell(this.text.content, span.start, span.end, { escapeChar: this.escapeChar, mode: 'instruction' }));
    }
    return this.heredocCommands(instruction, span.start);
  }

  private heredocCommands(run: Run, start: number): ShellCommand[] {
    const firstLine = run.getRange().start.line;
    const lineEnd = this.offsetAt({ line: firstLine, character: this.text.lineText(firstLine).length });
    const options = { escapeChar: this.escapeChar, mode: 'instruction' as const };
    const head = splitCommands(scanShell(this.text.content, start, lineEnd, options));
    const headPrograms = head.map((command) => programAndArgs(command)?.program.value);
    const runsShellScript = headPrograms.every((program) => program === undefined || shells.has(basename(program)));
    if (!runsShellScript) return head;
    const body = run.getHeredocs().flatMap((heredoc) => {
      const content = heredoc.getContentRange();
      if (!content) return [];
      const from = this.offsetAt(content.start);
      const to = this.offsetAt(content.end);
      const shebang = /^#!\S*?(\w+)/.exec(this.text.content.slice(from, to));
      if (shebang && !shells.has(shebang[1] ?? '') && shebang[1] !== 'env') return [];
      return splitCommands(scanShell(this.text.content, from, to, { escapeChar: '\\', mode: 'script' }));
    });
    return [...head, ...body];
  }
}

export function isShell(program: string): boolean {
  return shells.has(basename(program));
}

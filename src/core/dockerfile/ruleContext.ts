import {
  Arg,
  type Argument,
  Copy,
  type Dockerfile,
  Env,
  type Flag,
  Healthcheck,
  type Heredoc,
  type Instruction,
  ModifiableInstruction,
  type Property,
  Run,
} from 'dockerfile-ast';
import type { BuildContext } from './buildContext';
import { type Expansion, expandWord } from './buildVariables';
import type { DockerfileText } from './dockerfileText';
import { type ExecForm, parseExecForm } from './execForm';
import type { Fix, Range, TextEdit } from './finding';
import type { ProfileFacts } from './profileFacts';
import type { RuleReport } from './rule';
import { basename, programAndArgs, scanShell, type ShellCommand, type ShellToken, splitCommands } from './shellWords';
import { buildStageModel, lineage, type Stage, type StageModel } from './stageModel';

const shells = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

/** What every rule reads: the parsed file, its text, its stages, and shell commands by instruction. */
export class RuleContext {
  readonly stages: StageModel;
  readonly escapeChar: string;
  // dockerfile-ast recomputes keywords and arguments from the text on every call: keep them.
  private readonly all: readonly Instruction[];
  private readonly byKeyword = new Map<string, Instruction[]>();
  private readonly keywords = new Map<Instruction, string>();
  private readonly argumentCache = new Map<Instruction, Argument[]>();
  private readonly commandCache = new Map<Instruction, ShellCommand[]>();
  private readonly tokenCache = new Map<Instruction, ShellToken[] | undefined>();
  private readonly inImage: ReadonlySet<Instruction>;
  private readonly memos = new Map<string, unknown>();
  private readonly flagCache = new Map<Instruction, Flag[]>();
  private readonly heredocCache = new Map<Instruction, Heredoc[]>();
  private readonly propertyCache = new Map<Instruction, Property[]>();
  private readonly spanCache = new Map<Instruction, { start: number; end: number } | undefined>();
  private readonly execCache = new Map<Instruction, ExecForm | undefined>();
  private readonly stageIndex = new Map<Instruction, Stage>();

  constructor(
    readonly text: DockerfileText,
    readonly dockerfile: Dockerfile,
    /** The build context, when the linter may read it (scripts' shebangs, archives). */
    readonly buildContext?: BuildContext,
    /** What a profile of the image the final stage builds decided, when one exists. */
    readonly profile?: ProfileFacts,
  ) {
    this.stages = buildStageModel(dockerfile, (instruction) => text.slice(instruction.getRange()));
    this.escapeChar = dockerfile.getEscapeCharacter();
    this.all = dockerfile.getInstructions();
    for (const instruction of this.all) {
      const keyword = instruction.getKeyword();
      this.keywords.set(instruction, keyword);
      const list = this.byKeyword.get(keyword);
      if (list) list.push(instruction);
      else this.byKeyword.set(keyword, [instruction]);
    }
    this.inImage = new Set([...this.stages.imageStages].flatMap((stage) => stage.instructions));
    for (const stage of this.stages.stages) for (const instruction of stage.instructions) this.stageIndex.set(instruction, stage);
  }

  instructions(keyword?: string): readonly Instruction[] {
    return keyword ? (this.byKeyword.get(keyword) ?? []) : this.all;
  }

  /** Instructions whose effect reaches an image that runs: the runnable targets and the stages they inherit from. */
  imageInstructions(keyword?: string): readonly Instruction[] {
    return this.instructions(keyword).filter((instruction) => this.inImage.has(instruction));
  }

  isInImage(instruction: Instruction): boolean {
    return this.inImage.has(instruction);
  }

  /** A word of the instruction with quotes removed and ARG/ENV values substituted as Docker does. */
  expand(raw: string, instruction: Instruction): Expansion {
    return expandWord(raw, this.stages.scopeAt(instruction), this.escapeChar);
  }

  /**
   * What runs after the instruction in the same build: the rest of its stage, then every stage
   * built FROM it (directly or not), in file order.
   */
  laterInstructions(instruction: Instruction): Instruction[] {
    const stage = this.stageOf(instruction);
    if (!stage) return [];
    const line = instruction.getRange().start.line;
    const rest = stage.instructions.filter((other) => other.getRange().start.line > line);
    const derived = this.stages.descendants(stage).flatMap((child) => child.instructions.slice(1));
    return [...rest, ...derived];
  }

  keyword(instruction: Instruction): string {
    return this.keywords.get(instruction) ?? instruction.getKeyword();
  }

  args(instruction: Instruction): Argument[] {
    let args = this.argumentCache.get(instruction);
    if (!args) {
      args = instruction.getArguments();
      this.argumentCache.set(instruction, args);
    }
    return args;
  }

  /** Flags such as `--mount=…` (none for instructions that take no flags). */
  flags(instruction: Instruction): Flag[] {
    // Asking dockerfile-ast re-reads the arguments; most instructions have no `--` at all.
    return this.cached(this.flagCache, instruction, () =>
      instruction instanceof ModifiableInstruction && this.text.slice(instruction.getRange()).includes('--') ? instruction.getFlags() : [],
    );
  }

  /** Heredocs of RUN and COPY (`<<EOF`). */
  heredocs(instruction: Instruction): Heredoc[] {
    return this.cached(this.heredocCache, instruction, () =>
      (instruction instanceof Run || instruction instanceof Copy) && this.text.slice(instruction.getRange()).includes('<<') ? instruction.getHeredocs() : [],
    );
  }

  /** `NAME=value` pairs of ENV and ARG. */
  properties(instruction: Instruction): Property[] {
    return this.cached(this.propertyCache, instruction, () => (instruction instanceof Env || instruction instanceof Arg ? instruction.getProperties() : []));
  }

  /** Computes a value once per linted file (e.g. what the final image runs), shared by rules. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  stageOf(instruction: Instruction): Stage | undefined {
    return this.stageIndex.get(instruction) ?? this.stages.stageAt(instruction.getRange().start.line);
  }

  /** Is the instruction in exec form (a JSON array, `[]` included)? */
  isExecForm(instruction: Instruction): boolean {
    return this.execForm(instruction) !== undefined;
  }

  /** The exec form of CMD, ENTRYPOINT, RUN, HEALTHCHECK CMD, SHELL, ADD or COPY; undefined in shell form. */
  execForm(instruction: Instruction): ExecForm | undefined {
    if (!this.execCache.has(instruction)) {
      const start = this.argumentStart(instruction);
      const end = this.offsetAt(instruction.getRange().end);
      this.execCache.set(instruction, start === undefined ? undefined : parseExecForm(this.text.content, start, end, this.escapeChar));
    }
    return this.execCache.get(instruction);
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
      const users = link.instructions.filter((candidate) => this.keyword(candidate) === 'USER' && candidate.getRange().start.line < line);
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
    if (!this.tokenCache.has(instruction)) {
      const span = this.shellSpan(instruction);
      this.tokenCache.set(instruction, span && scanShell(this.text.content, span.start, span.end, { escapeChar: this.escapeChar, mode: 'instruction' }));
    }
    return this.tokenCache.get(instruction);
  }

  /** Offsets of the shell text: after flags (and HEALTHCHECK's `CMD`) to the instruction's end. */
  shellSpan(instruction: Instruction): { start: number; end: number } | undefined {
    if (!this.spanCache.has(instruction)) this.spanCache.set(instruction, this.computeShellSpan(instruction));
    return this.spanCache.get(instruction);
  }

  private computeShellSpan(instruction: Instruction): { start: number; end: number } | undefined {
    if (this.isExecForm(instruction)) return undefined;
    const start = this.argumentStart(instruction);
    return start === undefined ? undefined : { start, end: this.offsetAt(instruction.getRange().end) };
  }

  /** Where the command starts: after the keyword and flags (and HEALTHCHECK's `CMD`). */
  private argumentStart(instruction: Instruction): number | undefined {
    const end = this.offsetAt(instruction.getRange().end);
    if (!(instruction instanceof Healthcheck) && this.flags(instruction).length === 0) return this.firstWordAfterKeyword(instruction, end);
    const args = this.args(instruction);
    let first: Argument | undefined = args[0];
    if (instruction instanceof Healthcheck) {
      const subcommand = instruction.getSubcommand();
      if (subcommand?.getValue().toUpperCase() !== 'CMD') return undefined;
      const after = this.offsetAt(subcommand.getRange().end);
      first = args.find((arg) => this.offsetAt(arg.getRange().start) >= after);
    }
    return first ? this.offsetAt(first.getRange().start) : undefined;
  }

  /** Where the arguments start, past blanks and line continuations: no need to ask dockerfile-ast. */
  private firstWordAfterKeyword(instruction: Instruction, end: number): number | undefined {
    const content = this.text.content;
    let index = this.offsetAt(instruction.getInstructionRange().end);
    let onLaterLine = false;
    while (index < end) {
      const char = content[index];
      if (char === ' ' || char === '\t') {
        index += 1;
      } else if (char === '\r' || char === '\n') {
        onLaterLine = true;
        index += 1;
      } else if (char === this.escapeChar && /^[ \t]*(\r\n|\n|\r)/.test(content.slice(index + 1, index + 80))) {
        index += 1;
      } else if (char === '#' && onLaterLine) {
        // A comment line inside a continuation: Docker drops it.
        const lineEnd = content.slice(index, end).search(/[\r\n]/);
        index = lineEnd === -1 ? end : index + lineEnd;
      } else {
        return index;
      }
    }
    return undefined;
  }

  report(instruction: Instruction, range: Range, message: string, fixes: readonly Fix[] = []): RuleReport {
    return { range, instructionLine: instruction.getRange().start.line, message, fixes };
  }

  /** A report on the text between two offsets, e.g. one shell word. */
  reportOffsets(instruction: Instruction, start: number, end: number, message: string, fixes: readonly Fix[] = []): RuleReport {
    return this.report(instruction, this.range(start, end), message, fixes);
  }

  private cached<T>(cache: Map<Instruction, T>, instruction: Instruction, compute: () => T): T {
    let value = cache.get(instruction);
    if (value === undefined) {
      value = compute();
      cache.set(instruction, value);
    }
    return value;
  }

  private readShellCommands(instruction: Instruction): ShellCommand[] {
    const span = this.shellSpan(instruction);
    if (!span) return [];
    if (!(instruction instanceof Run) || this.heredocs(instruction).length === 0) {
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
    const body = this.heredocs(run).flatMap((heredoc) => {
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

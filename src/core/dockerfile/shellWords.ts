/**
 * Splits the shell text of RUN, CMD, ENTRYPOINT and HEALTHCHECK into words and operators with
 * their offsets, so rules can point at (and edit) the exact token. dockerfile-ast parses the
 * Dockerfile; this reads only the shell language inside one instruction.
 */

export type ShellTokenKind = 'word' | 'operator' | 'redirect';

export interface ShellToken {
  readonly kind: ShellTokenKind;
  /** The word after quote removal (operators: the operator itself). */
  readonly value: string;
  /** Offsets into the Dockerfile text: [start, end). */
  readonly start: number;
  readonly end: number;
  /** Contains `$`, a backtick or a glob outside single quotes: the shell would change it. */
  readonly expands: boolean;
  readonly quoted: boolean;
}

export interface ShellCommand {
  /** Words of one simple command, without redirections and their targets. */
  readonly words: readonly ShellToken[];
  /** The operator that ends it (`&&`, `|`, `;`, newline as `\n`), or undefined at the end. */
  readonly operatorAfter: string | undefined;
}

export interface ShellScanOptions {
  /** The Dockerfile escape character, which continues a line (`\` or `` ` ``). */
  readonly escapeChar: string;
  /**
   * `instruction`: Dockerfile lines, where escape + newline joins lines and comment lines
   * inside a continuation disappear. `script`: a heredoc body, where a newline ends a command.
   */
  readonly mode: 'instruction' | 'script';
}

const operatorStarts = new Set(['&', '|', ';', '(', ')']);
const wordBreaks = new Set([';', '&', '|', '(', ')', '<', '>']);
const continuationTail = /[ \t]*(?:\r\n|\n|\r)/y;
const droppedLine = /[ \t]*(?:#[^\r\n]*)?(?:\r\n|\n|\r)/y;

function isBlank(char: string): boolean {
  return char === ' ' || char === '\t' || (char > '~' && /\s/.test(char)) || char === '\v' || char === '\f';
}

/** `&&`, `||`, `;;`, `|&`, or a one-character operator at the index, if any. */
function operatorAt(text: string, index: number, end: number): string | undefined {
  const char = text[index] ?? '';
  if (!operatorStarts.has(char)) return undefined;
  const pair = index + 1 < end ? char + text[index + 1] : '';
  return pair === '&&' || pair === '||' || pair === ';;' || pair === '|&' ? pair : char;
}

export function scanShell(text: string, start: number, end: number, options: ShellScanOptions): ShellToken[] {
  const scanner = new ShellScanner(text, end, options);
  return scanner.scan(start);
}

export function splitCommands(tokens: readonly ShellToken[]): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellToken[] = [];
  let skipNext = false;
  for (const token of tokens) {
    if (token.kind === 'operator') {
      if (token.value === '(' || token.value === ')') continue;
      commands.push({ words, operatorAfter: token.value });
      words = [];
    } else if (token.kind === 'redirect') {
      skipNext = true;
    } else if (skipNext) {
      skipNext = false;
    } else {
      words.push(token);
    }
  }
  if (words.length > 0) commands.push({ words, operatorAfter: undefined });
  return commands.filter((command) => command.words.length > 0 || command.operatorAfter === '|');
}

class ShellScanner {
  private readonly tokens: ShellToken[] = [];
  private readonly shellEscape: boolean;
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly end: number,
    private readonly options: ShellScanOptions,
  ) {
    // With a backtick escape the shell is cmd or PowerShell, where `\` is a plain character.
    this.shellEscape = options.escapeChar === '\\';
  }

  scan(start: number): ShellToken[] {
    this.index = start;
    while (this.index < this.end) {
      const char = this.text[this.index] ?? '';
      if (this.skipContinuation()) continue;
      if (char === '\n' || char === '\r') {
        this.newline();
      } else if (isBlank(char)) {
        this.index += 1;
      } else if (char === '#') {
        this.skipComment();
      } else if ((char === '<' || char === '>') && this.text[this.index + 1] === '(') {
        this.word();
      } else if (char === '<' || char === '>') {
        this.redirect(this.index);
      } else {
        const operator = operatorAt(this.text, this.index, this.end);
        if (operator) {
          this.push('operator', operator, this.index, this.index + operator.length, false, false);
          this.index += operator.length;
        } else {
          this.word();
        }
      }
    }
    return this.tokens;
  }

  private newline(): void {
    const length = this.text[this.index] === '\r' && this.text[this.index + 1] === '\n' ? 2 : 1;
    if (this.options.mode === 'script') this.push('operator', '\n', this.index, this.index + length, false, false);
    this.index += length;
  }

  /** Escape + optional blanks + newline, then any comment or empty lines Docker drops. */
  private skipContinuation(): boolean {
    if (this.text[this.index] !== this.options.escapeChar) return false;
    continuationTail.lastIndex = this.index + 1;
    const match = continuationTail.exec(this.text);
    if (!match) return false;
    this.index += 1 + match[0].length;
    if (this.options.mode === 'instruction') this.skipDroppedLines();
    return true;
  }

  private skipDroppedLines(): void {
    for (;;) {
      droppedLine.lastIndex = this.index;
      const dropped = droppedLine.exec(this.text);
      if (!dropped || this.index + dropped[0].length > this.end) return;
      this.index += dropped[0].length;
    }
  }

  private skipComment(): void {
    while (this.index < this.end) {
      if (this.skipContinuation()) continue;
      const char = this.text[this.index];
      if (char === '\n' || char === '\r') return;
      this.index += 1;
    }
  }

  /** A redirection operator at `at`, with a file descriptor number from `start` (`2>`). */
  private redirect(start: number, at = start): void {
    const match = /^(?:<<<|<<-|<<|>>|>&|<&|&>|>\||[<>])/.exec(this.text.slice(at, at + 3)) ?? ['>'];
    this.index = at + match[0].length;
    this.push('redirect', match[0], start, this.index, false, false);
  }

  private word(): void {
    const start = this.index;
    let value = '';
    let expands = false;
    let quoted = false;
    while (this.index < this.end) {
      if (this.skipContinuation()) continue;
      const char = this.text[this.index] ?? '';
      const opensGroup = (char === '$' || char === '<' || char === '>') && this.text[this.index + 1] === '(';
      if (opensGroup) {
        value += this.parenthesized();
        expands = true;
        continue;
      }
      if (wordBreaks.has(char) || isBlank(char) || char === '\n' || char === '\r') {
        if ((char === '<' || char === '>') && /^\d+$/.test(value) && !quoted) {
          this.redirect(start, this.index);
          return;
        }
        break;
      }
      if (char === "'") {
        quoted = true;
        const close = this.text.indexOf("'", this.index + 1);
        const stop = close === -1 || close >= this.end ? this.end : close;
        value += this.text.slice(this.index + 1, stop);
        this.index = Math.min(stop + 1, this.end);
      } else if (char === '"') {
        quoted = true;
        const inner = this.doubleQuoted();
        value += inner.value;
        expands ||= inner.expands;
      } else if (char === '\\' && this.shellEscape) {
        value += this.text[this.index + 1] ?? '';
        this.index += 2;
      } else {
        if (char === '$' || char === '`' || char === '*' || char === '?' || char === '[' || char === '{') expands = true;
        if (char === '~' && value === '') expands = true;
        value += char;
        this.index += 1;
      }
    }
    if (this.index === start) this.index += 1; // never stall on a character no branch consumes
    this.push('word', value, start, Math.min(this.index, this.end), expands, quoted);
  }

  /** `$(…)`, `<(…)` or `>(…)` as part of a word, to the matching parenthesis. */
  private parenthesized(): string {
    const start = this.index;
    let depth = 0;
    while (this.index < this.end) {
      const char = this.text[this.index];
      this.index += 1;
      if (char === '(') depth += 1;
      else if (char === ')' && --depth === 0) break;
    }
    return this.text.slice(start, this.index);
  }

  private doubleQuoted(): { value: string; expands: boolean } {
    let value = '';
    let expands = false;
    this.index += 1;
    while (this.index < this.end) {
      if (this.skipContinuation()) continue;
      const char = this.text[this.index] ?? '';
      if (char === '"') {
        this.index += 1;
        break;
      }
      if (char === '\\' && this.shellEscape && /["\\$`]/.test(this.text[this.index + 1] ?? '')) {
        value += this.text[this.index + 1];
        this.index += 2;
        continue;
      }
      if (char === '$' || char === '`') expands = true;
      value += char;
      this.index += 1;
    }
    return { value, expands };
  }

  private push(kind: ShellTokenKind, value: string, start: number, end: number, expands: boolean, quoted: boolean): void {
    this.tokens.push({ kind, value, start, end, expands, quoted });
  }
}

const wrappers = new Set(['sudo', 'env', 'command', 'exec', 'nohup', 'time', 'xargs', 'doas']);

/**
 * Where the program of a command is: past `VAR=value` assignments and wrappers like `sudo`
 * or `env`. Returns the index in `words` of the program, or -1 when there is none.
 */
export function programIndex(words: readonly ShellToken[]): number {
  let index = 0;
  let afterWrapper = false;
  while (index < words.length) {
    const value = words[index]?.value ?? '';
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(value)) index += 1;
    else if (wrappers.has(basename(value))) {
      afterWrapper = true;
      index += 1;
    } else if (afterWrapper && value.startsWith('-')) index += 1;
    else return index;
  }
  return -1;
}

export function basename(path: string): string {
  let slash = path.lastIndexOf('/');
  if (slash === -1) slash = path.lastIndexOf('\\');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** The command's program (`apt-get`) and the words after it. */
export function programAndArgs(command: ShellCommand): { program: ShellToken; args: readonly ShellToken[] } | undefined {
  const index = programIndex(command.words);
  const program = command.words[index];
  if (index === -1 || !program) return undefined;
  return { program, args: command.words.slice(index + 1) };
}

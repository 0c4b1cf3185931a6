/**
 * Reads an `env_file:` the way Compose does (docs.docker.com/compose/env-file): `#` comment lines,
 * blank lines, an optional `export `, `KEY=value` where the value is unquoted (up to an inline
 * comment preceded by a space), single-quoted (literal, `\'` for a quote) or double-quoted (`\n`,
 * `\r`, `\t`, `\\`, `\"`, `\$` escapes); quoted values may span lines. `format: raw` takes every
 * `KEY=value` line verbatim.
 *
 * Two things Compose resolves from the environment it runs in are refused instead, like `$VAR` in
 * the Compose file: interpolation in unquoted and double-quoted values, and a `KEY` without `=`.
 * Verify must not depend on — or copy into the container — the environment harden runs in.
 */
export type EnvFileResult = { ok: true; entries: Array<[string, string]> } | { ok: false; line: number; problem: string };

export type EnvFileFormat = 'compose' | 'raw';

export function parseEnvFile(text: string, format: EnvFileFormat = 'compose'): EnvFileResult {
  try {
    return { ok: true, entries: format === 'raw' ? rawEntries(text) : new EnvScanner(text).entries() };
  } catch (error) {
    if (error instanceof EnvFileProblem) return { ok: false, line: error.line, problem: error.message };
    throw error;
  }
}

class EnvFileProblem extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(problem);
  }
}

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const INTERPOLATION_START = /[A-Za-z_{]/;

function noValue(line: number, key: string): EnvFileProblem {
  return new EnvFileProblem(
    line,
    `has ${key} without a value, which Compose would copy from the environment it runs in and harden does not pass on: write ${key}=value`,
  );
}

function rawEntries(text: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const equals = line.indexOf('=');
    const key = (equals === -1 ? line : line.slice(0, equals)).trim().replace(/^export\s+/, '');
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new EnvFileProblem(index + 1, 'does not start with a variable name');
    if (equals === -1) throw noValue(index + 1, key);
    entries.push([key, line.slice(equals + 1)]);
  });
  return entries;
}

class EnvScanner {
  private index = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  entries(): Array<[string, string]> {
    const entries: Array<[string, string]> = [];
    for (;;) {
      this.skipBlankAndComments();
      if (this.atEnd()) return entries;
      entries.push(this.statement());
    }
  }

  private statement(): [string, string] {
    if (/^export[ \t]/.test(this.text.slice(this.index, this.index + 7))) {
      this.index += 6;
      this.skipSpaces();
    }
    let key = '';
    while (!this.atEnd() && NAME_CHAR.test(this.peek())) key += this.take();
    if (key === '') throw this.problem('does not start with a variable name');
    this.skipSpaces();
    if (this.atEnd() || this.peek() === '\n' || this.peek() === '#') throw noValue(this.line, key);
    if (this.peek() !== '=') throw this.problem(`has ${JSON.stringify(this.peek())} after ${key} where = belongs`);
    this.take();
    const valueStart = this.index;
    this.skipSpaces();
    const quote = this.peek();
    if (quote === "'" || quote === '"') {
      const value = this.quoted(key, quote);
      this.endOfStatement(key);
      return [key, value];
    }
    this.index = valueStart;
    return [key, this.unquoted(key)];
  }

  /** Up to the end of the line; a `#` after a blank starts a comment; blanks around go. */
  private unquoted(key: string): string {
    let raw = '';
    while (!this.atEnd() && this.peek() !== '\n') raw += this.take();
    const comment = /[ \t]#/.exec(raw);
    const value = (comment ? raw.slice(0, comment.index) : raw).trim();
    let result = '';
    for (let index = 0; index < value.length; index += 1) {
      if (value[index] === '$' && value[index + 1] === '$') {
        result += '$';
        index += 1;
      } else if (value[index] === '$' && INTERPOLATION_START.test(value[index + 1] ?? '')) {
        throw this.interpolation(key);
      } else {
        result += value[index];
      }
    }
    return result;
  }

  private quoted(key: string, quote: "'" | '"'): string {
    const startLine = this.line;
    this.take();
    let value = '';
    for (;;) {
      if (this.atEnd()) throw new EnvFileProblem(startLine, `has an unterminated quote in the value of ${key}`);
      const char = this.take();
      if (char === quote) return value;
      if (char === '\\' && quote === "'") {
        value += this.peek() === "'" ? this.take() : char;
      } else if (char === '\\') {
        const escaped = this.atEnd() ? '' : this.take();
        value += ({ n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$' } as Record<string, string>)[escaped] ?? `\\${escaped}`;
      } else if (char === '$' && quote === '"' && this.peek() === '$') {
        value += this.take();
      } else if (char === '$' && quote === '"' && INTERPOLATION_START.test(this.peek())) {
        throw this.interpolation(key);
      } else {
        value += char;
      }
    }
  }

  /** After a closing quote: blanks, then a comment or the end of the line. */
  private endOfStatement(key: string): void {
    this.skipSpaces();
    if (this.atEnd() || this.peek() === '\n') return;
    if (this.peek() !== '#') throw this.problem(`has text after the closing quote of ${key}`);
    while (!this.atEnd() && this.peek() !== '\n') this.take();
  }

  private interpolation(key: string): EnvFileProblem {
    return this.problem(
      `uses a variable in the value of ${key}, which Compose would interpolate and harden does not: write the value, or single-quote it to keep the $`,
    );
  }

  private skipBlankAndComments(): void {
    while (!this.atEnd()) {
      if (/\s/.test(this.peek())) this.take();
      else if (this.peek() === '#') while (!this.atEnd() && this.peek() !== '\n') this.take();
      else return;
    }
  }

  private skipSpaces(): void {
    while (!this.atEnd() && (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\r')) this.take();
  }

  private problem(message: string): EnvFileProblem {
    return new EnvFileProblem(this.line, message);
  }

  private atEnd(): boolean {
    return this.index >= this.text.length;
  }

  private peek(): string {
    return this.text[this.index] ?? '';
  }

  private take(): string {
    const char = this.text[this.index];
    this.index += 1;
    if (char === '\n') this.line += 1;
    return char;
  }
}

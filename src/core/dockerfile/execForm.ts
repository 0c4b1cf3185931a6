/**
 * The exec form of CMD, ENTRYPOINT, RUN, HEALTHCHECK CMD, SHELL, ADD and COPY, read as Docker
 * reads it: the arguments, with line continuations joined, are exec form when they start with a
 * JSON array (`[]` included); anything after the array is ignored. Otherwise they are shell form.
 * dockerfile-ast's own JSON reading misses `[]` and mangles `\u` escapes, so this reads the text.
 */

export interface ExecArgument {
  /** The string after JSON unescaping. */
  readonly value: string;
  /** Offsets of the JSON string in the Dockerfile text, quotes included: [start, end). */
  readonly start: number;
  readonly end: number;
}

export interface ExecForm {
  readonly args: readonly ExecArgument[];
  /** Offsets of `[` and just past `]`. */
  readonly start: number;
  readonly end: number;
  /** An element is not a string (`[1]`, `[["a"]]`): Docker refuses the Dockerfile. */
  readonly invalid: boolean;
}

const jsonWhitespace = new Set([' ', '\t', '\n', '\r']);
const simpleEscapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Reads `text[start, end)` as exec form; undefined when Docker would take it as shell form. */
export function parseExecForm(text: string, start: number, end: number, escapeChar: string): ExecForm | undefined {
  const reader = new JsonReader(text, end, escapeChar);
  reader.index = start;
  reader.skipBlanks();
  if (reader.peek() !== '[') return undefined;
  const open = reader.index;
  reader.index += 1;
  const args: ExecArgument[] = [];
  let invalid = false;
  reader.skipBlanks();
  if (reader.peek() === ']') return { args, start: open, end: reader.index + 1, invalid };
  for (;;) {
    reader.skipBlanks();
    if (reader.peek() === '"') {
      const value = reader.string();
      if (!value) return undefined;
      args.push(value);
    } else {
      if (!reader.skipValue()) return undefined;
      invalid = true;
    }
    reader.skipBlanks();
    const next = reader.peek();
    reader.index += 1;
    if (next === ']') return { args, start: open, end: reader.index, invalid };
    if (next !== ',') return undefined;
  }
}

class JsonReader {
  index = 0;

  constructor(
    private readonly text: string,
    private readonly end: number,
    private readonly escapeChar: string,
  ) {}

  peek(): string | undefined {
    this.skipContinuations();
    return this.index < this.end ? this.text[this.index] : undefined;
  }

  skipBlanks(): void {
    for (;;) {
      const char = this.peek();
      if (char === undefined || !jsonWhitespace.has(char)) return;
      this.index += 1;
    }
  }

  /** A JSON string at the index; undefined when it is not valid JSON. */
  string(): ExecArgument | undefined {
    const start = this.index;
    this.index += 1;
    let value = '';
    for (;;) {
      const char = this.peek();
      if (char === undefined || char < ' ') return undefined;
      this.index += 1;
      if (char === '"') return { value, start, end: this.index };
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = this.peek();
      this.index += 1;
      if (escaped === undefined) return undefined;
      const simple = simpleEscapes[escaped];
      if (simple !== undefined) {
        value += simple;
      } else if (escaped === 'u') {
        let hex = '';
        for (let digit = 0; digit < 4; digit += 1) {
          const next = this.peek();
          if (next === undefined || !/[0-9a-fA-F]/.test(next)) return undefined;
          hex += next;
          this.index += 1;
        }
        value += String.fromCharCode(Number.parseInt(hex, 16));
      } else {
        return undefined;
      }
    }
  }

  /** Skips a JSON value other than a string (number, literal, array, object); false when invalid. */
  skipValue(): boolean {
    const start = this.index;
    let depth = 0;
    let inString = false;
    for (;;) {
      const char = this.peek();
      if (char === undefined) return false;
      if (inString) {
        if (char === '\\') this.index += 1;
        else if (char === '"') inString = false;
      } else if (char === '"') {
        inString = true;
      } else if (char === '[' || char === '{') {
        depth += 1;
      } else if (char === ']' || char === '}') {
        if (depth === 0) return this.index > start && this.isScalar(start);
        depth -= 1;
      } else if (char === ',' && depth === 0) {
        return this.index > start && this.isScalar(start);
      }
      this.index += 1;
    }
  }

  private isScalar(start: number): boolean {
    const raw = this.text.slice(start, this.index).trim();
    if (raw.startsWith('[') || raw.startsWith('{')) return true;
    return /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)$/.test(raw);
  }

  /** The escape character, blanks and a line break join two lines; comment lines between them are dropped. */
  private skipContinuations(): void {
    for (;;) {
      if (this.text[this.index] !== this.escapeChar) return;
      const match = /^[ \t]*(\r\n|\n|\r)/.exec(this.text.slice(this.index + 1, Math.min(this.end, this.index + 200)));
      if (!match) return;
      this.index += 1 + match[0].length;
      for (;;) {
        const dropped = /^[ \t]*(#[^\r\n]*)?(\r\n|\n|\r)/.exec(this.text.slice(this.index, Math.min(this.end, this.index + 4000)));
        if (!dropped || !/^[ \t]*(#|\r|\n)/.test(dropped[0])) break;
        this.index += dropped[0].length;
      }
    }
  }
}

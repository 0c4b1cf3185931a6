/**
 * ARG and ENV as Docker substitutes them into instruction arguments: ARGs before the first FROM
 * are seen by FROM lines only (and by a stage that declares `ARG NAME` again); a stage's ARGs last
 * to its end; ENV carries over to stages built `FROM <stage>`; ENV wins over an ARG of the same name.
 * Values come from the defaults in the file: a `--build-arg` may change what an ARG gives, and a
 * name set by neither (an ENV of the base image, a platform ARG) has no known value.
 */

export interface VariableValue {
  /** undefined: no value known here (an ARG without default, an ENV of the base image). */
  readonly value: string | undefined;
  /** The value is, or is made of, an ARG default that `--build-arg` can change. */
  readonly fromArg: boolean;
}

/** The variables in effect at one point of the file. Immutable: each ARG/ENV makes a new one. */
export class VariableScope {
  constructor(
    private readonly env: ReadonlyMap<string, VariableValue>,
    private readonly args: ReadonlyMap<string, VariableValue>,
  ) {}

  static readonly empty = new VariableScope(new Map(), new Map());

  lookup(name: string): VariableValue | undefined {
    return this.env.get(name) ?? this.args.get(name);
  }

  withArg(name: string, value: VariableValue): VariableScope {
    return new VariableScope(this.env, new Map(this.args).set(name, value));
  }

  withEnv(name: string, value: VariableValue): VariableScope {
    return new VariableScope(new Map(this.env).set(name, value), this.args);
  }

  /** What a child stage (`FROM <this stage>`) starts with: the ENV, not the ARGs. */
  inherited(): VariableScope {
    return new VariableScope(this.env, new Map());
  }
}

export interface Expansion {
  /** The word after quote removal and substitution; unknown variables give ''. */
  readonly value: string;
  /** Every variable in it had a value known from the file. */
  readonly known: boolean;
  /** A variable was used (the word is not the literal text). */
  readonly substituted: boolean;
  /** Some of it comes from an ARG default that `--build-arg` may change. */
  readonly fromArg: boolean;
}

/**
 * A Dockerfile word as BuildKit's word processing reads it (quotes removed, `$NAME`,
 * `${NAME}`, `${NAME:-default}`, `${NAME:+alternative}` substituted; other modifiers give an unknown value).
 */
export function expandWord(raw: string, scope: VariableScope, escapeChar = '\\'): Expansion {
  // Most words have nothing to remove or substitute.
  if (!raw.includes('$') && !raw.includes('"') && !raw.includes("'") && !raw.includes(escapeChar)) return { value: raw, known: true, substituted: false, fromArg: false };
  let value = '';
  let known = true;
  let substituted = false;
  let fromArg = false;
  let quote: '"' | "'" | undefined;
  const use = (variable: Expansion): void => {
    value += variable.value;
    known &&= variable.known;
    fromArg ||= variable.fromArg;
    substituted = true;
  };
  for (let index = 0; index < raw.length; index += 1) {
    const char = raw[index] ?? '';
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else value += char;
    } else if (char === escapeChar && index + 1 < raw.length) {
      const next = raw[index + 1] ?? '';
      // Inside double quotes the escape only protects what is special there.
      if (quote === '"' && next !== '"' && next !== '$' && next !== escapeChar) value += char;
      value += next;
      index += 1;
    } else if (char === '"' || (char === "'" && quote === undefined)) {
      quote = quote === char ? undefined : char;
    } else if (char === '$') {
      const variable = readVariable(raw, index);
      if (!variable) {
        value += char;
        continue;
      }
      use(substitute(variable, scope, escapeChar));
      index = variable.end - 1;
    } else {
      value += char;
    }
  }
  return { value, known, substituted, fromArg };
}

interface VariableReference {
  readonly name: string;
  /** `:-`, `-`, `:+`, `+`, `:?`, `?`, or another operator BuildKit knows (`#`, `%`, `/`…). */
  readonly operator: string | undefined;
  readonly word: string;
  readonly end: number;
}

function readVariable(raw: string, dollar: number): VariableReference | undefined {
  if (raw[dollar + 1] === '{') {
    const close = matchingBrace(raw, dollar + 1);
    if (close === -1) return undefined;
    const body = raw.slice(dollar + 2, close);
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-+?]|##?|%%?|\/\/?)?([\s\S]*)$/.exec(body);
    if (!match?.[1]) return undefined;
    return { name: match[1], operator: match[2], word: match[3] ?? '', end: close + 1 };
  }
  const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(dollar + 1));
  return bare ? { name: bare[0], operator: undefined, word: '', end: dollar + 1 + bare[0].length } : undefined;
}

function matchingBrace(raw: string, open: number): number {
  let depth = 0;
  for (let index = open; index < raw.length; index += 1) {
    if (raw[index] === '{') depth += 1;
    else if (raw[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

function substitute(reference: VariableReference, scope: VariableScope, escapeChar: string): Expansion {
  const found = scope.lookup(reference.name);
  const isSet = found !== undefined && found.value !== undefined;
  const current = found?.value ?? '';
  const fromArg = found?.fromArg ?? false;
  const word = (): Expansion => expandWord(reference.word, scope, escapeChar);
  switch (reference.operator) {
    case undefined:
    case ':?':
    case '?':
      return { value: current, known: isSet, substituted: true, fromArg };
    case ':-':
    case '-': {
      if (isSet && (reference.operator === '-' || current !== '')) return { value: current, known: true, substituted: true, fromArg };
      // Unset here, but an ENV of the base image or a --build-arg could set it.
      const fallback = word();
      return { ...fallback, known: fallback.known && found !== undefined, substituted: true, fromArg: fallback.fromArg || fromArg };
    }
    case ':+':
    case '+': {
      if (!isSet) return { value: '', known: found !== undefined, substituted: true, fromArg };
      const alternative = current !== '' || reference.operator === '+' ? word() : { value: '', known: true, substituted: true, fromArg: false };
      return { ...alternative, substituted: true, fromArg: alternative.fromArg || fromArg };
    }
    default:
      return { value: current, known: false, substituted: true, fromArg };
  }
}

/** Does the word use a variable at all (outside single quotes)? */
export function hasVariable(raw: string): boolean {
  return /\$[{A-Za-z_]/.test(raw.replace(/'[^']*'/g, ''));
}

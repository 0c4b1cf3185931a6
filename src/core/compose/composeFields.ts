import { HardenError } from '../errors';
import { splitShellWords } from './shellWords';

/** `$NAME` or `${…}` not escaped as `$$`: what Compose would interpolate from the host. */
const VARIABLE = /(?<!\$)(?:\$\$)*\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/;

/** The variable Compose would interpolate in `text` (`${REGISTRY}`, `$HOME`), if any. */
export function interpolatedVariable(text: string): string | undefined {
  const match = VARIABLE.exec(text);
  return match ? `$${match[1]}` : undefined;
}

/** `{ [key]: value }`, or nothing when the value is undefined: unset settings stay out of a spec. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Reads one field of a Compose service, naming it in errors as the user sees it:
 * `services.web.cap_add in compose.yaml must be a list of strings.`
 */
export class ComposeField {
  constructor(
    readonly sourceName: string,
    readonly path: string,
  ) {}

  child(key: string | number): ComposeField {
    return new ComposeField(this.sourceName, typeof key === 'number' ? `${this.path}[${key}]` : `${this.path}.${key}`);
  }

  fail(problem: string): never {
    throw new HardenError('manifest-invalid', `${this.path} in ${this.sourceName} ${problem}.`);
  }

  /** A string with Compose interpolation undone: `$$` is a literal `$`; a `$VAR` cannot be resolved here. */
  text(value: unknown): string {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') this.fail('must be a string');
    const variable = interpolatedVariable(value);
    if (variable) {
      this.fail(`uses the variable ${variable}, and harden reads the file without interpolating: write its value instead`);
    }
    return value.replace(/\$\$/g, '$');
  }

  /** A string, or undefined when the key is absent or null. */
  optionalText(value: unknown): string | undefined {
    return value === undefined || value === null ? undefined : this.text(value);
  }

  flag(value: unknown): boolean {
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false' || value === undefined || value === null) return false;
    return this.fail('must be true or false');
  }

  /** A whole number, written as a YAML number or as digits in a string. */
  integer(value: unknown): number {
    const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) return this.fail('must be a whole number');
    return number;
  }

  /** A list of strings; a single string counts as a one-item list (as Compose allows for `tmpfs`). */
  textList(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [this.text(value)];
    if (!Array.isArray(value)) return this.fail('must be a list of strings');
    return value.map((item, index) => this.child(index).text(item));
  }

  /** `command:`/`entrypoint:` as a list, or a string split into words without a shell. */
  argv(value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return this.textList(value);
    const words = splitShellWords(this.text(value));
    return words ?? this.fail('has an unterminated quote');
  }

  /**
   * `labels:`, `sysctls:` and the like: a mapping, or a list of `KEY=value` (a list item without `=`
   * has the empty value, as in Compose).
   */
  keyValues(value: unknown): Record<string, string> {
    if (value === undefined || value === null) return {};
    if (Array.isArray(value)) {
      return Object.fromEntries(
        this.textList(value).map((item) => {
          const equals = item.indexOf('=');
          return equals === -1 ? [item, ''] : [item.slice(0, equals), item.slice(equals + 1)];
        }),
      );
    }
    return Object.fromEntries(
      Object.entries(this.mapping(value)).map(([key, item]) => [key, item === null ? '' : this.child(key).text(item)]),
    );
  }

  mapping(value: unknown): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.fail('must be a mapping');
    return value as Record<string, unknown>;
  }

  /** A mapping whose keys are all in `known`: a misspelt option must not pass as if it were not there. */
  knownMapping(value: unknown, known: readonly string[]): Record<string, unknown> {
    const mapping = this.mapping(value);
    const unknown = Object.keys(mapping).find((key) => !known.includes(key) && !key.startsWith('x-'));
    if (unknown !== undefined) this.child(unknown).fail(`is not an option harden knows here (it knows ${known.join(', ')}): remove it or correct its spelling`);
    return mapping;
  }
}

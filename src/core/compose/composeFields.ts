import { HardenError } from '../errors';
import { splitShellWords } from './shellWords';

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
    const variable = /(?<!\$)(?:\$\$)*\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(value);
    if (variable) {
      this.fail(`uses the variable $${variable[1]}, and harden reads the file without interpolating: write its value instead`);
    }
    return value.replace(/\$\$/g, '$');
  }

  flag(value: unknown): boolean {
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false' || value === undefined || value === null) return false;
    return this.fail('must be true or false');
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

  /** `environment:` as `KEY=value` strings; a list item or map key without a value stays `KEY`. */
  environment(value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return this.textList(value);
    if (typeof value !== 'object') return this.fail('must be a list of KEY=value or a mapping');
    return Object.entries(value as Record<string, unknown>).map(([key, item]) =>
      item === null || item === undefined ? key : `${key}=${this.child(key).text(item)}`,
    );
  }

  mapping(value: unknown): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.fail('must be a mapping');
    return value as Record<string, unknown>;
  }
}

import { hasUnprintable, printable } from '../text/printable';

/**
 * Strings from an image or a trace are text, never Markdown or HTML: these helpers make sure a path
 * with a backtick or a reason with `<script>` renders as what it says, and that a name with a line
 * break or a control character stays on its line, visibly escaped (`printable`).
 */

/** Escapes the characters that would start markup, a table cell break or an HTML tag. */
export function plainText(text: string): string {
  return printable(text).replace(/[\\`*[\]<>|]/g, (char) => `\\${char}`);
}

/** An inline code span that survives backticks in the text; `|` escaped so it is safe in a table cell too. */
export function code(text: string): string {
  const shown = printable(text);
  const longestRun = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = longestRun > 0 || shown.startsWith('`') ? ' ' : '';
  return `${fence}${padding}${shown.replace(/\|/g, '\\|')}${padding}${fence}`;
}

/** An HTML comment holding `text` on one line; `--` (which HTML comments cannot hold) becomes `- -`. */
export function htmlComment(text: string): string {
  return `<!-- ${printable(text).replace(/-(?=-)/g, '- ')} -->`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/**
 * argv as a person would type it into a POSIX shell: `nginx -g 'daemon off;'`. A word with an
 * unprintable character is written in bash's `$'…'` quoting with its UTF-8 bytes escaped
 * (`$'a\xc2\x85b'` for a NEL), so the line stays one line and still runs the same argv.
 */
export function commandLine(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}

function shellWord(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (!hasUnprintable(arg)) return `'${arg.replace(/'/g, `'\\''`)}'`;
  const escaped = [...arg].map((char) => (hasUnprintable(char) ? utf8Escapes(char) : char.replace(/[\\']/, '\\$&'))).join('');
  return `$'${escaped}'`;
}

const SHELL_SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function utf8Escapes(char: string): string {
  return SHELL_SHORT_ESCAPES[char] ?? [...Buffer.from(char, 'utf8')].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');
}

/**
 * Strings from an image or a trace are text, never Markdown or HTML: these helpers make sure a path
 * with a backtick or a reason with `<script>` renders as what it says.
 */

/** Escapes the characters that would start markup, a table cell break or an HTML tag. */
export function plainText(text: string): string {
  return text.replace(/[\\`*[\]<>|]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

/** An inline code span that survives backticks in the text; `|` escaped so it is safe in a table cell too. */
export function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = longestRun > 0 || text.startsWith('`') ? ' ' : '';
  return `${fence}${padding}${text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}${padding}${fence}`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** argv as a person would type it: `nginx -g 'daemon off;'`. */
export function commandLine(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

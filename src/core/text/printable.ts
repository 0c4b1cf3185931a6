/**
 * Names from a trace or an image can hold any character. These are the ones that must never reach a
 * comment, a Markdown line or a log line raw: control characters (C0, DEL, C1 — NEL, U+0085, is a
 * line break to YAML 1.1 readers), the line and paragraph separators U+2028/U+2029, the bidi
 * embeddings, overrides and isolates (they make text read in another order than it is stored), the
 * byte order mark, the non-characters U+FFFE/U+FFFF and lone surrogates (which UTF-8 cannot hold).
 */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\p{Cs}]/gu;

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` on one line with every unprintable character as a visible escape: `\n`, `\r`, `\t`,
 * `\xHH` up to U+00FF (`\x85` for NEL), `\uHHHH` above (`\u2028`, `\u202e`). For people to read:
 * a backslash already in the text stays as it is, so the result is not meant to be unescaped.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeCharacter);
}

export function hasUnprintable(text: string): boolean {
  return text.search(UNPRINTABLE) !== -1;
}

/** The escape `printable` writes; also valid in a YAML double-quoted scalar (1.1 and 1.2). */
function escapeCharacter(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short) return short;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** An error's stack for a log: its message made `printable`, the frames below it (harden's own code) kept on their lines. */
export function printableStack(error: Error): string {
  const head = error.message ? `${error.name}: ${error.message}` : error.name;
  const stack = error.stack ?? head;
  return stack.startsWith(head) ? `${printable(head)}${stack.slice(head.length)}` : printable(stack);
}

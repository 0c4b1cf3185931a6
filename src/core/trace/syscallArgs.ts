import { unescapeCString } from './cString';
import { fdAnnotationPath } from './straceLineParser';

/**
 * Splits strace's argument text at top-level commas, respecting quoted strings and
 * [], {}, () nesting: `3</x>, "a, b", [1, 2]` → [`3</x>`, `"a, b"`, `[1, 2]`].
 */
export function splitArgs(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{' || ch === '(') depth += 1;
    else if (ch === ']' || ch === '}' || ch === ')') depth -= 1;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
      // Callers that need only the leading arguments stop here; the last part keeps the rest unsplit.
      if (parts.length === limit - 1) break;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

/** A quoted string argument (`"/etc/passwd"`), or undefined when strace printed an address instead. */
export function stringArg(token: string | undefined): string | undefined {
  if (!token || token[0] !== '"') return undefined;
  let end = token.length - 1;
  if (token.endsWith('"...')) end = token.length - 4;
  if (token[end] !== '"' || end === 0) return undefined;
  return unescapeCString(token.slice(1, end));
}

/** A file-descriptor argument with its -y annotation: `3</var/log/x>` → { fd: 3, path: '/var/log/x' }. */
export function fdArg(token: string | undefined): { fd: number | 'AT_FDCWD'; path?: string } | undefined {
  if (!token) return undefined;
  const match = /^(-?\d+|AT_FDCWD)/.exec(token);
  if (!match) return undefined;
  const fd = match[1] === 'AT_FDCWD' ? 'AT_FDCWD' : Number(match[1]);
  return { fd, path: fdAnnotationPath(token, match[1].length) };
}

/** A string array (`["nginx", "-g", "daemon off;"]`); a trailing `...` (truncated) is dropped. */
export function stringArrayArg(token: string | undefined): string[] | undefined {
  if (!token || token[0] !== '[' || !token.endsWith(']')) return undefined;
  return splitArgs(token.slice(1, -1))
    .map((item) => stringArg(item))
    .filter((item): item is string => item !== undefined);
}

/** Numeric argument, also in `-1` and hex form; undefined for anything symbolic. */
export function numberArg(token: string | undefined): number | undefined {
  if (!token) return undefined;
  if (/^-?\d+$/.test(token)) return Number(token);
  if (/^0x[0-9a-f]+$/i.test(token)) return parseInt(token, 16);
  return undefined;
}

/** Whether a symbolic flag word (`O_CREAT`) is among `O_WRONLY|O_CREAT|O_APPEND`. */
export function hasFlag(token: string | undefined, flag: string): boolean {
  if (!token) return false;
  const at = token.indexOf(flag);
  if (at < 0) return false;
  const end = at + flag.length;
  return (at === 0 || token[at - 1] === '|') && (end === token.length || token[end] === '|');
}

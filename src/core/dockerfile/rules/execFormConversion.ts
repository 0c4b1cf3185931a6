import type { ShellToken } from '../shellWords';

export type ExecFormConversion = { readonly json: string } | { readonly reason: string };

/** Shell built-ins and keywords: as a program of their own they do not exist. */
const shBuiltins = new Set([
  'cd', '.', 'source', 'export', 'set', 'unset', 'eval', 'exit', 'return', 'trap', 'ulimit', 'umask', 'wait', 'alias', 'read',
  'shift', 'times', 'readonly', 'local', 'declare', 'typeset', ':', 'if', 'for', 'while', 'until', 'case', '{', '!', 'function', 'builtin',
]);
const cmdBuiltins = new Set([
  'assoc', 'call', 'cd', 'chdir', 'cls', 'copy', 'date', 'del', 'dir', 'echo', 'endlocal', 'erase', 'exit', 'for', 'ftype', 'goto', 'if',
  'md', 'mkdir', 'mklink', 'move', 'path', 'pause', 'popd', 'prompt', 'pushd', 'rd', 'rem', 'ren', 'rename', 'rmdir', 'set', 'setlocal',
  'shift', 'start', 'time', 'title', 'type', 'ver', 'verify', 'vol',
]);

/**
 * The exec form (`["node", "server.js"]`) of shell words, when the shell adds nothing: no
 * operators, redirections, expansions, variable assignments or built-ins. A leading `exec` is
 * dropped (exec form already replaces the shell). Otherwise, why it cannot be.
 */
export function execFormOf(tokens: readonly ShellToken[], trailingText: string, rawText = '', shell: 'sh' | 'cmd' = 'sh'): ExecFormConversion {
  if (tokens.length === 0) return { reason: 'it has no command' };
  const singleQuoted = singleQuotedJson(rawText);
  if (singleQuoted) return { json: singleQuoted };
  const operator = tokens.find((token) => token.kind === 'operator');
  if (operator) return { reason: `it uses the shell operator \`${operator.value.replace('\n', '\\n')}\`` };
  if (tokens.some((token) => token.kind === 'redirect')) return { reason: 'it redirects input or output' };
  const expanding = tokens.find((token) => token.expands);
  if (expanding) return { reason: `\`${expanding.value}\` needs the shell to expand it` };
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[0]?.value ?? '')) return { reason: 'it sets variables for the command' };
  if (trailingText.trim() !== '') return { reason: 'it ends with a shell comment' };
  const words = tokens[0]?.value === 'exec' && shell === 'sh' && tokens.length > 1 && !tokens[1]?.value.startsWith('-') ? tokens.slice(1) : tokens;
  const program = words[0]?.value ?? '';
  const builtins = shell === 'cmd' ? cmdBuiltins : shBuiltins;
  if (builtins.has(shell === 'cmd' ? program.toLowerCase() : program)) return { reason: `\`${program}\` is built into the shell` };
  return { json: `[${words.map((token) => JSON.stringify(token.value)).join(', ')}]` };
}

/** `['node', 'app.js']` is shell form to Docker (JSON wants double quotes): the intended array. */
function singleQuotedJson(rawText: string): string | undefined {
  const text = rawText.trim();
  if (!/^\[\s*'.*'\s*\]$/s.test(text) || text.includes('"') || text.includes('\\')) return undefined;
  try {
    const values: unknown = JSON.parse(text.replace(/'/g, '"'));
    if (Array.isArray(values) && values.length > 0 && values.every((value) => typeof value === 'string')) {
      return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

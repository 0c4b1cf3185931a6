import type { InitConfig, InitEnvironmentStep, InitStartupStep, InitUser } from './initConfig';

/**
 * Reads prod/init.conf back into an InitConfig, so the editor shows the configuration the image
 * really carries (the file may have been edited since minify wrote it). The inverse of
 * serializeInitConfig: one directive a line, words separated by spaces, strings in the init's
 * double quotes. A line it does not understand is an error naming the line, never skipped.
 */
export function readInitConfig(text: string): InitConfig | { error: string } {
  const config: { -readonly [K in keyof InitConfig]: InitConfig[K] } = { exec: [] };
  const environment: InitEnvironmentStep[] = [];
  const steps: InitStartupStep[] = [];
  const required: string[] = [];
  const fileEnv: string[] = [];
  let sawExec = false;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]?.trim() ?? '';
    if (line === '' || line.startsWith('#') || line === 'harden-init 1') continue;
    const words = splitWords(line);
    const where = `init.conf line ${index + 1}`;
    if (typeof words === 'string') return { error: `${where}: ${words}` };
    const [directive, ...rest] = words;
    const bad = (): { error: string } => ({ error: `${where}: \`${line.slice(0, 80)}\` is not an init directive this version reads.` });
    switch (directive) {
      case 'user': {
        const user = readUser(rest);
        if (!user) return bad();
        config.user = user;
        break;
      }
      case 'workdir':
        if (rest.length !== 1) return bad();
        config.workdir = rest[0];
        break;
      case 'umask':
        if (rest.length !== 1 || !/^[0-7]+$/.test(rest[0] ?? '')) return bad();
        config.umask = parseInt(rest[0] as string, 8);
        break;
      case 'file-env':
        if (rest.length !== 1) return bad();
        fileEnv.push(rest[0] as string);
        break;
      case 'require':
        if (rest.length !== 1) return bad();
        required.push(rest[0] as string);
        break;
      case 'default':
      case 'set':
        if (rest.length !== 2) return bad();
        environment.push({ kind: directive, name: rest[0] as string, value: rest[1] as string });
        break;
      case 'unset':
        if (rest.length !== 1) return bad();
        environment.push({ kind: 'unset', name: rest[0] as string });
        break;
      case 'mkdir':
      case 'chown':
      case 'chmod':
      case 'seed': {
        const step = readStep(directive, rest);
        if (!step) return bad();
        steps.push(step);
        break;
      }
      case 'exec':
        if (rest.length === 0) return bad();
        config.exec = rest;
        sawExec = true;
        break;
      case 'app-is-pid1':
        config.appIsPid1 = true;
        break;
      default:
        return bad();
    }
  }
  if (!sawExec) return { error: 'init.conf has no exec line: the init would not know what to start.' };
  return {
    ...config,
    ...(fileEnv.length > 0 ? { fileEnv } : {}),
    ...(required.length > 0 ? { require: required } : {}),
    ...(environment.length > 0 ? { environment } : {}),
    ...(steps.length > 0 ? { steps } : {}),
  };
}

function readUser(words: string[]): InitUser | undefined {
  const [uid, gid, groups] = words;
  if (words.length < 2 || words.length > 3 || !isId(uid) || !isId(gid)) return undefined;
  if (groups === undefined) return { uid: Number(uid), gid: Number(gid) };
  const list = groups.split(',');
  return list.every(isId) ? { uid: Number(uid), gid: Number(gid), groups: list.map(Number) } : undefined;
}

function readStep(kind: InitStartupStep['kind'], words: string[]): InitStartupStep | undefined {
  const [path, a, b, c] = words;
  if (path === undefined) return undefined;
  switch (kind) {
    case 'mkdir':
      return words.length === 4 && isMode(a) && isId(b) && isId(c) ? { kind, path, mode: parseInt(a, 8), uid: Number(b), gid: Number(c) } : undefined;
    case 'chown':
      return words.length === 3 && isId(a) && isId(b) ? { kind, path, uid: Number(a), gid: Number(b) } : undefined;
    case 'chmod':
      return words.length === 2 && isMode(a) ? { kind, path, mode: parseInt(a, 8) } : undefined;
    case 'seed':
      return words.length === 2 && a !== undefined ? { kind, source: path, target: a } : undefined;
  }
}

function isId(word: string | undefined): word is string {
  return word !== undefined && /^\d{1,10}$/.test(word);
}

function isMode(word: string | undefined): word is string {
  return word !== undefined && /^[0-7]{1,4}$/.test(word);
}

/** Words of a line: bare words, or double-quoted strings with the init's escapes (\\ \" \n \t \xHH). */
function splitWords(line: string): string[] | string {
  const words: string[] = [];
  let cursor = 0;
  while (cursor < line.length) {
    if (line[cursor] === ' ' || line[cursor] === '\t') {
      cursor += 1;
      continue;
    }
    if (line[cursor] !== '"') {
      const end = line.slice(cursor).search(/[ \t]/);
      const stop = end < 0 ? line.length : cursor + end;
      words.push(line.slice(cursor, stop));
      cursor = stop;
      continue;
    }
    let word = '';
    cursor += 1;
    for (;;) {
      const char = line[cursor];
      if (char === undefined) return 'a quoted string has no closing quote.';
      if (char === '"') break;
      if (char !== '\\') {
        word += char;
        cursor += 1;
        continue;
      }
      const next = line[cursor + 1];
      if (next === 'n') word += '\n';
      else if (next === 't') word += '\t';
      else if (next === '\\' || next === '"') word += next;
      else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(cursor + 2, cursor + 4))) {
        word += String.fromCharCode(parseInt(line.slice(cursor + 2, cursor + 4), 16));
        cursor += 2;
      } else return `\`\\${next ?? ''}\` is not an escape the init knows.`;
      cursor += 2;
    }
    words.push(word);
    cursor += 1;
  }
  return words;
}

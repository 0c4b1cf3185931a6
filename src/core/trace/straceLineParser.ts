import { detach, unescapeCString } from './cString';
import type { SyscallEvent, TraceEvent } from './traceEvents';

const UNFINISHED = ' <unfinished ...>';

/**
 * Turns strace output lines (`strace -f -yy -o FILE`, every line prefixed with the pid) into events.
 * Stateful only for calls strace splits across lines (`<unfinished ...>` … `<... name resumed>`).
 * Built for throughput: a trace can have millions of lines, so lines are never split into
 * arguments here; the analysis asks for arguments only of the calls it cares about.
 */
export class StraceLineParser {
  private readonly pending = new Map<number, string>();
  /** Lines that did not look like strace output (tracer warnings); counted, not fatal. */
  unparsedLines = 0;

  parse(line: string): TraceEvent | undefined {
    const space = line.indexOf(' ');
    if (space <= 0) return this.skip(line);
    let pid = 0;
    for (let index = 0; index < space; index += 1) {
      const digit = line.charCodeAt(index) - 48;
      if (digit < 0 || digit > 9) return this.skip(line);
      pid = pid * 10 + digit;
    }
    let bodyStart = space;
    while (line.charCodeAt(bodyStart) === 32) bodyStart += 1;
    let body = line.slice(bodyStart);

    if (body.startsWith('--- ')) return parseSignal(pid, body);
    if (body.startsWith('+++ ')) return parseExit(pid, body);
    if (body.endsWith(UNFINISHED)) {
      const start = body.slice(0, -UNFINISHED.length);
      this.pending.set(pid, start);
      const open = start.indexOf('(');
      return open > 0 ? { type: 'unfinished', pid, name: start.slice(0, open) } : undefined;
    }
    if (body.startsWith('<... ')) {
      const close = body.indexOf(' resumed>');
      const start = this.pending.get(pid);
      if (close < 0 || start === undefined) return this.skip(line);
      this.pending.delete(pid);
      body = start + body.slice(close + ' resumed>'.length);
    }
    return parseSyscall(pid, body) ?? this.skip(line);
  }

  private skip(line: string): undefined {
    if (line.trim() !== '') this.unparsedLines += 1;
    return undefined;
  }
}

function parseSignal(pid: number, body: string): TraceEvent | undefined {
  const match = /^--- (SIG[A-Z0-9+-]+|[A-Z0-9]+) (?:\{(.*)\} )?---/.exec(body);
  if (!match) return undefined;
  const sender = /si_pid=(\d+)/.exec(match[2] ?? '');
  return { type: 'signal', pid, signal: intern(match[1]), senderPid: sender ? Number(sender[1]) : undefined };
}

function parseExit(pid: number, body: string): TraceEvent | undefined {
  const exited = /^\+\+\+ exited with (\d+) \+\+\+/.exec(body);
  if (exited) return { type: 'exit', pid, code: Number(exited[1]) };
  const killed = /^\+\+\+ killed by (SIG[A-Z0-9]+)/.exec(body);
  if (killed) return { type: 'exit', pid, killedBy: killed[1] };
  return undefined;
}

function parseSyscall(pid: number, body: string): SyscallEvent | undefined {
  const open = body.indexOf('(');
  if (open <= 0) return undefined;
  const name = intern(body.slice(0, open));
  // The result follows the last " = "; arguments may contain " = " inside strings, the result never does.
  const equals = body.lastIndexOf(' = ');
  if (equals < 0) return undefined;
  let close = equals - 1;
  while (close > open && body.charCodeAt(close) === 32) close -= 1;
  if (body[close] !== ')') return undefined;
  const event: SyscallEvent = { type: 'syscall', pid, name, args: body.slice(open + 1, close), result: null };
  parseResult(body.slice(equals + 3), event);
  return event;
}

const interned = new Map<string, string>();

/** One shared copy per syscall or signal name, so names kept in records pin no trace text. */
function intern(name: string): string {
  let shared = interned.get(name);
  if (shared === undefined) {
    shared = detach(name);
    interned.set(shared, shared);
  }
  return shared;
}

function parseResult(text: string, event: SyscallEvent): void {
  if (text.charCodeAt(0) === 63 /* ? */) {
    const errno = /^\? (E[A-Z0-9]+)/.exec(text);
    if (errno) event.errno = errno[1];
    return;
  }
  if (text.startsWith('0x')) {
    const hex = /^0x[0-9a-f]+/.exec(text);
    if (hex) event.result = parseInt(hex[0], 16);
    return;
  }
  // Decimal results are by far the most common: read them without a regex or a substring.
  const negative = text.charCodeAt(0) === 45; /* - */
  let index = negative ? 1 : 0;
  let value = 0;
  const firstDigit = index;
  for (; index < text.length; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  if (index === firstDigit) return;
  event.result = negative ? -value : value;
  if (negative) {
    const errno = /^ (E[A-Z0-9]+)/.exec(text.slice(index));
    if (errno) event.errno = errno[1];
    return;
  }
  if (text.charCodeAt(index) === 60 /* < */) {
    const path = fdAnnotationPath(text, index);
    if (path !== undefined) event.resultPath = path;
  }
}

/**
 * The path inside an fd annotation starting at `text[at] === '<'`: `</var/log/x.log>` → `/var/log/x.log`.
 * With -yy, devices carry a nested annotation (`</dev/null<char 1:3>>`) and sockets a protocol
 * (`<TCP:[1234]>`); strace escapes `<` and `>` inside paths, so the first of either ends the path.
 */
export function fdAnnotationPath(text: string, at: number): string | undefined {
  if (text[at] !== '<') return undefined;
  let end = at + 1;
  while (end < text.length && text[end] !== '>' && text[end] !== '<') end += 1;
  if (end >= text.length) return undefined;
  return unescapeCString(text.slice(at + 1, end));
}

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unescapeCString } from '../../../src/core/trace/cString';
import { StraceLineParser } from '../../../src/core/trace/straceLineParser';
import { fdArg, splitArgs, stringArg, stringArrayArg } from '../../../src/core/trace/syscallArgs';
import type { TraceEvent } from '../../../src/core/trace/traceEvents';

const recorded = (name: string): string[] =>
  readFileSync(join(__dirname, '..', 'fixtures', 'recorded', name, 'trace.strace'), 'utf8').split('\n');

function parseAll(lines: string[]): { events: TraceEvent[]; parser: StraceLineParser } {
  const parser = new StraceLineParser();
  const events = lines.map((line) => parser.parse(line)).filter((event): event is TraceEvent => event !== undefined);
  return { events, parser };
}

describe('the strace line parser', () => {
  it('reads every line of the recorded fixture traces', () => {
    for (const name of ['nginx', 'entrypoint-script', 'volume-data', 'static-noshell', 'notes']) {
      const { parser, events } = parseAll(recorded(name));
      assert.equal(parser.unparsedLines, 0, name);
      assert.ok(events.length > 0, name);
    }
  });

  it('counts lines that are not strace output instead of failing on them', () => {
    const { parser, events } = parseAll(['strace: Process 7 attached', 'garbage', '', '12 not a syscall line']);
    assert.deepEqual(events, []);
    assert.equal(parser.unparsedLines, 3);
  });

  it('joins calls strace split across lines and reports the caller as mid-fork meanwhile', () => {
    const lines = recorded('entrypoint-script');
    const start = lines.findIndex((line) => /^1\s+vfork\( <unfinished \.\.\.>$/.test(line));
    const { events } = parseAll(lines.slice(start, start + 5));
    assert.deepEqual(events[0], { type: 'unfinished', pid: 1, name: 'vfork' });
    const vfork = events.find((event) => event.type === 'syscall' && event.name === 'vfork');
    assert.equal(vfork?.type === 'syscall' && vfork.result, 12);
    const exec = events.find((event) => event.type === 'syscall' && event.name === 'execve');
    assert.equal(exec?.type === 'syscall' && exec.result, 0);
    assert.match(exec?.type === 'syscall' ? exec.args : '', /^"\/usr\/bin\/mkdir", \["mkdir", "-p"/);
  });

  it('reads results: fd paths, errno names, `?`, signals and exits', () => {
    const { events } = parseAll([
      '1     openat(AT_FDCWD</>, "/etc/nginx/modules-enabled/50-mod-http-echo.conf", O_RDONLY) = 4</usr/share/nginx/modules-available/mod-http-echo.conf>',
      '12    mkdir("/run", 0777)               = -1 EEXIST (File exists)',
      '1     exit_group(0)                     = ?',
      '1     --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=0, si_uid=0} ---',
      '13    +++ exited with 0 +++',
      '14    +++ killed by SIGKILL +++',
      '1     write(3</dev/null<char 1:3>>, "x", 1) = 1',
    ]);
    assert.equal(events[0].type === 'syscall' && events[0].resultPath, '/usr/share/nginx/modules-available/mod-http-echo.conf');
    assert.equal(events[1].type === 'syscall' && events[1].errno, 'EEXIST');
    assert.equal(events[2].type === 'syscall' && events[2].result, null);
    assert.deepEqual(events[3], { type: 'signal', pid: 1, signal: 'SIGTERM', senderPid: 0 });
    assert.deepEqual(events[4], { type: 'exit', pid: 13, code: 0 });
    assert.deepEqual(events[5], { type: 'exit', pid: 14, killedBy: 'SIGKILL' });
    assert.equal(fdArg(events[6].type === 'syscall' ? events[6].args : '')?.path, '/dev/null');
  });

  it('finds the result after the last " = " even when a string argument contains one', () => {
    const { events } = parseAll(['7 write(3</tmp/a) = b.log>, "x) = 5", 6) = 6']);
    assert.equal(events[0].type === 'syscall' && events[0].result, 6);
  });
});

describe('syscall arguments', () => {
  it('splits at top-level commas only', () => {
    assert.deepEqual(splitArgs('3</x>, "a, b", [1, 2], {sa_family=AF_INET, sin_port=htons(80)}, 16'), [
      '3</x>',
      '"a, b"',
      '[1, 2]',
      '{sa_family=AF_INET, sin_port=htons(80)}',
      '16',
    ]);
  });

  it('decodes strings, truncated strings, arrays and fd annotations', () => {
    assert.equal(stringArg('"/etc/passwd"'), '/etc/passwd');
    assert.equal(stringArg('"abc"...'), 'abc');
    assert.equal(stringArg('0x7f133212a6f2'), undefined, 'an address is not a string');
    assert.deepEqual(stringArrayArg('["nginx", "-g", "daemon off;"]'), ['nginx', '-g', 'daemon off;']);
    assert.deepEqual(fdArg('AT_FDCWD</srv/app>'), { fd: 'AT_FDCWD', path: '/srv/app' });
    assert.deepEqual(fdArg('5<TCP:[21503]>'), { fd: 5, path: 'TCP:[21503]' });
  });

  it('unescapes C strings byte-wise, so UTF-8 written as octal escapes comes back whole', () => {
    assert.equal(unescapeCString('caf\\303\\251 \\"q\\" \\x41\\t'), 'café "q" A\t');
    assert.equal(unescapeCString('plain'), 'plain');
    assert.notEqual(unescapeCString('caf\\303'), 'café', 'half a character is not the character');
  });
});

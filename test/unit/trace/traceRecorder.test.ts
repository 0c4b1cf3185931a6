import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { readTrace } from '../../../src/core/trace/readTrace';
import { loadRecording, recordedFacts } from '../recordedFixture';

const start = { uid: 0, gid: 0, cwd: '/', stopSignal: 'SIGTERM' };

function traceOf(lines: string[]): Readable {
  return Readable.from([`${lines.join('\n')}\n`]);
}

describe('the trace recorder', () => {
  it('follows nginx from the master to its workers and their switch to www-data', async () => {
    const facts = await recordedFacts(loadRecording('nginx'));
    const workers = [...facts.processes.values()].filter((process) => process.parentPid === facts.initialPid);
    assert.ok(workers.length >= 1);
    for (const worker of workers) assert.deepEqual([worker.uid, worker.gid], [33, 33]);
    assert.equal(facts.processes.get(facts.initialPid as number)?.uid, 0);
    assert.ok(facts.stopSignalSeen);
    assert.deepEqual(facts.binds.map((bind) => `${bind.port}/${bind.protocol}`), ['80/tcp']);
  });

  it('resolves relative paths against chdir, as mkdir -p creates directories', async () => {
    const facts = await recordedFacts(loadRecording('entrypoint-script'));
    assert.ok(facts.writes.get('/run/app')?.created);
    assert.ok(facts.writes.get('/var/cache/app')?.isDirectory);
    assert.equal(facts.writes.get('/app'), undefined, 'never taken relative to /');
  });

  it('marks writes after the stop signal as shutdown writes, and removals are not', async () => {
    const facts = await readTrace(
      traceOf([
        '1 openat(AT_FDCWD</>, "/data/state", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3</data/state>',
        '1 unlink("/run/app.pid") = 0',
        '1 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=0, si_uid=0} ---',
        '1 write(3</data/state>, "bye", 3) = 3',
        '1 unlink("/run/other.pid") = 0',
      ]),
      start,
    );
    assert.equal(facts.writes.get('/data/state')?.shutdownWrites, 1);
    assert.equal(facts.writes.get('/data/state')?.bytes, 3);
    assert.equal(facts.writes.get('/run/other.pid')?.shutdownWrites, 0);
  });

  it('records refused writes and refused reads apart, and ignores other errors', async () => {
    const facts = await readTrace(
      traceOf([
        '1 mkdir("/var/lib/nginx/body", 0700) = -1 EROFS (Read-only file system)',
        '1 openat(AT_FDCWD</srv>, "key.pem", O_RDONLY) = -1 EACCES (Permission denied)',
        '1 openat(AT_FDCWD</>, "/missing", O_RDONLY) = -1 ENOENT (No such file or directory)',
      ]),
      start,
    );
    assert.deepEqual(
      facts.refused.map((refusal) => [refusal.syscall, refusal.path, refusal.errno, refusal.write]),
      [
        ['mkdir', '/var/lib/nginx/body', 'EROFS', true],
        ['openat', '/srv/key.pem', 'EACCES', false],
      ],
    );
  });

  it('sees capabilities only where root uses them', async () => {
    const asRoot = await readTrace(traceOf(['1 chown("/srv/a", 33, -1) = 0', '1 bind(3<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("0.0.0.0")}, 16) = 0']), start);
    assert.deepEqual(asRoot.capabilityUses.map((use) => use.capability), ['CHOWN', 'NET_BIND_SERVICE']);
    const asUser = await readTrace(traceOf(['1 chown("/srv/a", 33, -1) = 0']), { ...start, uid: 1000, gid: 1000 });
    assert.deepEqual(asUser.capabilityUses, []);
  });

  it("catches a traced app writing the tracer's output: its trace cannot be trusted", async () => {
    const forged = await readTrace(
      traceOf([
        '1 openat(AT_FDCWD</>, "/.harden-out/trace/profile.log", O_WRONLY|O_APPEND) = 3</.harden-out/trace/profile.log>',
        '1 chroot("/") = 0',
        '1 write(3</.harden-out/trace/profile.log>, "1 chroot(\\"/\\") = 0\\n", 18) = 18',
      ]),
      start,
    );
    assert.equal(forged.tampering.length, 2);
    assert.match(forged.tampering[0], /openat\(AT_FDCWD<\/>, "\/\.harden-out\/trace\/profile\.log", O_WRONLY\|O_APPEND\)/);
    assert.equal(forged.writes.has('/.harden-out/trace/profile.log'), false, 'the tracer\'s files are never writable paths');
    // Sibling: reading the tracer's files (a backup, a `find /`) is harmless, and so is a path that merely starts alike.
    const reads = await readTrace(
      traceOf([
        '1 openat(AT_FDCWD</>, "/.harden-tracer/strace", O_RDONLY|O_CLOEXEC) = 3</.harden-tracer/strace>',
        '1 openat(AT_FDCWD</>, "/.harden-outside/x", O_WRONLY|O_CREAT, 0644) = 4</.harden-outside/x>',
      ]),
      start,
    );
    assert.deepEqual(reads.tampering, []);
  });

  it('catches a traced app attaching to another process (it could rewrite the tracer)', async () => {
    const attached = await readTrace(traceOf(['1 ptrace(PTRACE_SEIZE, 7, NULL, 0) = 0']), start);
    assert.equal(attached.tampering.length, 1);
    const refused = await readTrace(traceOf(['1 ptrace(PTRACE_SEIZE, 7, NULL, 0) = -1 EPERM (Operation not permitted)']), start);
    assert.deepEqual(refused.tampering, [], 'an attach the kernel refused changed nothing');
  });

  it('streams: a trace of 200,000 lines is read without holding it', async () => {
    function* lines(): Generator<string> {
      yield '1 openat(AT_FDCWD</>, "/var/log/app.log", O_WRONLY|O_CREAT|O_APPEND, 0644) = 3</var/log/app.log>\n';
      for (let i = 0; i < 200_000; i += 1) yield '1 write(3</var/log/app.log>, "GET / 200\\n", 10) = 10\n';
    }
    const facts = await readTrace(Readable.from(lines()), start);
    assert.equal(facts.lines, 200_001);
    assert.equal(facts.writes.get('/var/log/app.log')?.bytes, 2_000_000);
  });
});

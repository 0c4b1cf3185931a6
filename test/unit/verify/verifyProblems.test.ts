import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { profileRefusals } from '../../../src/core/analysis/profileRefusals';
import { readTrace } from '../../../src/core/trace/readTrace';
import { problemsOfRun } from '../../../src/core/verify/verifyProblems';

const start = { uid: 0, gid: 0, cwd: '/', stopSignal: 'SIGTERM' };
const facts = (lines: string[]) => readTrace(Readable.from([`${lines.join('\n')}\n`]), start);

/** A daemon that drops privileges, then cannot remove the pid file it created as root — in any configuration. */
const PID_UNLINK = ['1 setresuid(101, 101, 101) = 0', '1 unlink("/run/mosquitto/mosquitto.pid") = -1 EACCES (Permission denied)'];

describe('problems of a verify run, against the unhardened profile run', () => {
  it('a refusal the profile run had too is reported apart and does not fail the run', async () => {
    const baseline = { refusals: profileRefusals(await facts(PID_UNLINK)), logRefusals: [] };
    const found = problemsOfRun('run', await facts(PID_UNLINK), [], baseline);
    assert.deepEqual(found.problems, []);
    assert.deepEqual(found.preexisting, ['(uid 101) was refused unlink /run/mosquitto/mosquitto.pid: EACCES (also without hardening)'.replace(/^/, 'a process ')]);
  });

  it('a refusal new under the hardened settings always fails', async () => {
    const found = problemsOfRun('run', await facts([...PID_UNLINK, '1 openat(AT_FDCWD</>, "/var/lib/mosquitto/db", O_WRONLY|O_CREAT, 0600) = -1 EROFS (Read-only file system)']), [], {
      refusals: profileRefusals(await facts(PID_UNLINK)),
      logRefusals: [],
    });
    assert.deepEqual(found.problems.map((problem) => [problem.kind, problem.cause?.type]), [['refused-write', 'refused']]);
    assert.equal(found.preexisting.length, 1);
  });

  it('a refused privileged call fails, naming the capability', async () => {
    const found = problemsOfRun('run', await facts(['1 setgid(101) = -1 EPERM (Operation not permitted)']), [], { refusals: [], logRefusals: [] });
    assert.match(found.problems[0].message, /was refused setgid\(101\): EPERM \(needs SETGID\)$/);
  });

  it("tini's failure to forward the stop signal is a stop problem with its cause", () => {
    const found = problemsOfRun('run', undefined, ["[FATAL tini (1)] Unexpected error when forwarding signal: 'Operation not permitted'"], { refusals: [], logRefusals: [] });
    assert.deepEqual(found.problems.map((problem) => [problem.kind, problem.cause?.type]), [['stop', 'init-signal']]);
  });

  it('a log line the profile logged too (pids and times aside) is not new', () => {
    const baseline = { refusals: [], logRefusals: ['1701:M 01 Jan 10:00:00 # open /run/x.pid: Permission denied'] };
    const found = problemsOfRun('run', undefined, ['9:M 02 Feb 11:11:11 # open /run/x.pid: Permission denied', 'fatal: /data: Read-only file system'], baseline);
    assert.deepEqual(found.problems.map((problem) => problem.message), ['the app logged: fatal: /data: Read-only file system']);
    assert.equal(found.preexisting.length, 1);
  });

  it('a refused read is a clue, not a problem', async () => {
    const found = problemsOfRun('run', await facts(['1 openat(AT_FDCWD</>, "/root/.config", O_RDONLY) = -1 EACCES (Permission denied)']), [], { refusals: [], logRefusals: [] });
    assert.deepEqual(found.problems, []);
    assert.equal(found.clues.length, 1);
  });
});

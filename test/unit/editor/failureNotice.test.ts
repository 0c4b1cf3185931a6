import { strict as assert } from 'node:assert';
import { describeFailure, ENGINE_HINT } from '../../../src/core/editor/failureNotice';
import { HardenError } from '../../../src/core/errors';

describe('failure notices', () => {
  it('tells an unreachable engine apart, with the hint and Open Settings', () => {
    const notice = describeFailure('Profile Image', new HardenError('engine-unreachable', 'Cannot reach the Docker Engine at unix:///var/run/docker.sock (from the default socket): connection refused'));
    assert.equal(notice.severity, 'error');
    assert.equal(notice.message, `Profile Image failed: Cannot reach the Docker Engine at unix:///var/run/docker.sock (from the default socket): connection refused. ${ENGINE_HINT}`);
    assert.deepEqual(notice.actions, ['Open Output', 'Open Settings']);
  });

  it('does not end a question with a full stop', () => {
    const notice = describeFailure('Verify', new HardenError('engine-unreachable', 'Cannot reach it: there is no socket at that path — is the Docker Engine running?.'));
    assert.equal(notice.message, `Verify failed: Cannot reach it: there is no socket at that path — is the Docker Engine running? ${ENGINE_HINT}`);
  });

  it('treats a connection dropped mid-run like an unreachable engine', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });
    const notice = describeFailure('Verify Hardened Run', error);
    assert.match(notice.message, /stopped answering \(ECONNREFUSED\)\. Start Docker or set harden\.dockerHost\.$/);
    assert.ok(!notice.message.includes('\n'));
  });

  it('reports a cancel as news, not as an error', () => {
    const notice = describeFailure('Profile Image', new HardenError('interrupted', 'cancelled'));
    assert.equal(notice.severity, 'info');
    assert.deepEqual(notice.actions, []);
    assert.match(notice.message, /cancelled; the containers it started were removed/);
  });

  it('keeps HardenError details for the log, and one line of anything else', () => {
    const failed = describeFailure('Profile Image', new HardenError('app-failed', 'The app exited with code 1 before it was up.', ['last log lines:', '  boom']));
    assert.equal(failed.message, 'Profile Image failed: The app exited with code 1 before it was up.');
    assert.deepEqual(failed.details, ['last log lines:', '  boom']);
    const internal = describeFailure('Apply Hardening', new TypeError('x is undefined\n    at frame (file.ts:1:1)'));
    assert.equal(internal.message, 'Apply Hardening failed: x is undefined.');
    assert.deepEqual(internal.actions, ['Open Output']);
    assert.equal(describeFailure('Lint', 'plain string').message, 'Lint failed: plain string.');
  });

  it('recognises a HardenError from the other bundle by its shape', () => {
    class ForeignHardenError extends Error {
      readonly details: readonly string[] = [];
      constructor(readonly kind: string, message: string) {
        super(message);
        this.name = 'HardenError';
      }
    }
    const notice = describeFailure('Profile Image', new ForeignHardenError('interrupted', 'interrupted'));
    assert.equal(notice.severity, 'info');
    assert.equal(describeFailure('Profile Image', new ForeignHardenError('engine-unreachable', 'Cannot reach it')).actions.length, 2);
  });
});

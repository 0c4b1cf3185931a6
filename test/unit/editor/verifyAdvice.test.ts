import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { adviseProblems, applyProblemFix, verifyHeadline } from '../../../src/core/editor/verifyAdvice';
import { isVerifyResult, parseVerifyResult } from '../../../src/core/editor/verifyResultView';
import { readManifestFile } from '../../../src/core/manifest/manifestFile';
import { problemsOfRun } from '../../../src/core/verify/verifyProblems';
import type { VerifyResult } from '../../../src/core/verify/verifyHardened';

/**
 * Recorded: harden-fixture/nginx:test profiled (`harden profile`), then one thing taken out of the
 * manifest, the files regenerated and `harden verify` run — CHOWN (nginx-no-chown), the writable
 * /var/lib/nginx (nginx-no-tmpfs).
 */
async function recorded(name: string): Promise<{ manifest: Awaited<ReturnType<typeof readManifestFile>>; result: VerifyResult }> {
  const manifest = await readManifestFile(`test/unit/fixtures/verify/${name}/manifest.yaml`);
  const result = parseVerifyResult(readFileSync(`test/unit/fixtures/verify/${name}/verify-result.json`, 'utf8'));
  if (!isVerifyResult(result)) throw new Error(result.error);
  return { manifest, result };
}

describe('advice for a failed verify', () => {
  it('a chown refused without CHOWN: the cause in plain words and "Add CHOWN" as the fix; the other problems point at it', async () => {
    const { manifest, result } = await recorded('nginx-no-chown');
    const advice = adviseProblems(result, manifest);
    const chown = advice[result.problems.findIndex((problem) => problem.kind === 'refused-write')];
    assert.equal(chown.phase, 'start');
    assert.equal(chown.title, 'nginx (uid 0) was not allowed to change the owner of /var/lib/nginx/body');
    assert.match(chown.cause, /needs CHOWN \(change the owner of files\)/);
    assert.equal(chown.action?.label, 'Add CHOWN');
    const notUp = advice[result.problems.findIndex((problem) => problem.kind === 'probe')];
    assert.equal(notUp.phase, 'probe');
    assert.equal(notUp.action, undefined);
    assert.match(notUp.fix, /consequence of “nginx \(uid 0\) was not allowed to change the owner/);
    assert.match(verifyHeadline(result), /^Verify failed: 3 problems/);
  });

  it('the fix is the refine loop\'s lesson: CHOWN is back in the manifest, recorded as a verify round', async () => {
    const { manifest, result } = await recorded('nginx-no-chown');
    assert.ok(!manifest.capabilities.some((use) => use.capability === 'CHOWN'));
    const index = result.problems.findIndex((problem) => problem.kind === 'refused-write');
    const fixed = applyProblemFix(result, index, manifest);
    assert.ok(fixed?.capabilities.some((use) => use.capability === 'CHOWN'));
    const rounds = fixed?.verification?.rounds ?? [];
    assert.equal(rounds.length, (manifest.verification?.rounds.length ?? 0) + 1);
    assert.match(rounds[rounds.length - 1].learned[0], /adds CHOWN/);
    assert.equal(fixed?.verification?.verified, false);
    // A problem with no fix of its own changes nothing.
    assert.equal(applyProblemFix(result, result.problems.findIndex((problem) => problem.kind === 'log'), manifest), undefined);
  });

  it('a write refused by the read-only root: "Make /var/lib/nginx writable"', async () => {
    const { manifest, result } = await recorded('nginx-no-tmpfs');
    const advice = adviseProblems(result, manifest);
    const refused = advice[result.problems.findIndex((problem) => problem.kind === 'refused-write')];
    assert.match(refused.cause, /root file system is read-only and \/var\/lib\/nginx is not among the writable paths/);
    assert.equal(refused.action?.label, 'Make /var/lib/nginx writable');
    const fixed = applyProblemFix(result, result.problems.indexOf(result.problems.find((problem) => problem.kind === 'refused-write')!), manifest);
    assert.ok(fixed?.writablePaths.some((path) => path.path === '/var/lib/nginx'));
  });

  it('tini failing to forward the stop signal: the app worked and failed at shutdown, fixed by KILL for the init', async () => {
    const { manifest } = await recorded('nginx-no-chown');
    const found = problemsOfRun('run', undefined, ["[FATAL tini (1)] Unexpected error when forwarding signal: 'Operation not permitted'"], { refusals: [], logRefusals: [] });
    const result: VerifyResult = { passed: false, verifiedAt: 't', image: 'x', mode: 'exact', phases: [], problems: found.problems, preexisting: [], clues: [], notes: [] };
    const headline = verifyHeadline(result);
    assert.match(headline, /started and answered its probes, then failed when it was stopped/);
    assert.doesNotMatch(headline, /does not work/);
    const [advice] = adviseProblems(result, manifest);
    assert.equal(advice.phase, 'stop');
    assert.match(advice.cause, /failed only at shutdown/);
    assert.equal(advice.action?.label, 'Give the init KILL');
    // A start-up failure beside it is not "only at shutdown".
    const both = { ...result, problems: [...result.problems, { kind: 'probe', message: 'not up', phase: 'run' as const, cause: { type: 'not-up' as const } }] };
    assert.match(verifyHeadline(both), /^Verify failed/);
  });
});

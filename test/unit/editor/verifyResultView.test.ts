import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../src/core/manifest/manifestFile';
import { isVerifyResult, manifestVerify, parseVerifyResult, toVerifyResultView } from '../../../src/core/editor/verifyResultView';
import { manifestStamp } from '../../../src/core/verify/manifestStamp';
import { loadFixtureManifest } from '../generate/goldenFiles';

const nginx = loadFixtureManifest('debian-nginx-root');

describe('verify-result.json for the editor', () => {
  it('reads the file `harden verify` writes, keeping the causes the fixes need', () => {
    const text = readFileSync('test/unit/fixtures/verify/nginx-no-chown/verify-result.json', 'utf8');
    const parsed = parseVerifyResult(text);
    assert.ok(isVerifyResult(parsed));
    assert.deepEqual(parsed.problems, JSON.parse(text).problems);
    assert.equal(parsed.passed, false);
  });

  it('reports a broken or foreign file instead of trusting it', () => {
    for (const text of ['{', '[]', 'null', '{"passed":"yes","verifiedAt":"x"}', '{"passed":true}']) {
      assert.ok(!isVerifyResult(parseVerifyResult(text)), text);
    }
    assert.ok(isVerifyResult(parseVerifyResult('{"passed":true,"verifiedAt":"x"}')));
  });

  it('turns odd entries into text and drops a cause that lacks what the fixes read', () => {
    const parsed = parseVerifyResult('{"passed":false,"verifiedAt":"t","problems":[{"kind":3,"cause":{"type":"refused","program":"x"}},"x",null],"notes":[1]}');
    assert.ok(isVerifyResult(parsed));
    assert.deepEqual(parsed.problems, [{ kind: '3', message: '' }]);
    assert.deepEqual(parsed.notes, ['1']);
  });

  it('reads real verify results written by `harden verify`: a pass (the demo) and a failure (data lost)', () => {
    const passed = parseVerifyResult(readFileSync('test/unit/fixtures/verify/notes-verify-result.json', 'utf8'));
    assert.ok(isVerifyResult(passed));
    assert.equal(toVerifyResultView(passed, nginx).headline, 'Verified: the app works with the hardened configuration');
    const failed = parseVerifyResult(readFileSync('test/unit/fixtures/verify/volume-data-tmpfs-verify-result.json', 'utf8'));
    assert.ok(isVerifyResult(failed));
    const view = toVerifyResultView(failed, nginx);
    assert.equal(view.passed, false);
    const lost = view.problems.find((problem) => problem.kind === 'data-lost');
    assert.equal(lost?.phase, 'restart');
    assert.match(lost?.title ?? '', /did not survive a restart/);
  });

  it('shows a result only beside the manifest it verified', () => {
    const text = (stamp: string) => JSON.stringify({ passed: true, verifiedAt: 't', problems: [], notes: [], manifestStamp: stamp });
    const current = manifestVerify(nginx, text(manifestStamp(nginx)));
    assert.ok(current && 'view' in current && current.view.passed);
    assert.deepEqual(manifestVerify(nginx, text('another')), { stale: true });
    const changed = { ...nginx, capabilities: nginx.capabilities.slice(1) };
    assert.deepEqual(manifestVerify(changed, text(manifestStamp(nginx))), { stale: true });
    // The record of verify rounds is not part of what ran.
    assert.equal(manifestStamp({ ...nginx, verification: { verified: true, rounds: [] } }), manifestStamp({ ...nginx, verification: undefined }));
    assert.equal(manifestVerify(nginx, undefined), undefined);
  });

  it('keeps the result of the development settings when the production image is built from them (minify records it afterwards)', () => {
    const redis = parseManifest(readFileSync(join(__dirname, '..', 'fixtures', 'production-redis', 'manifest.yaml'), 'utf8'), 'manifest.yaml');
    assert.ok(redis.production, 'the recorded minify output has a production section');
    const { production: _production, ...beforeMinify } = redis;
    assert.equal(manifestStamp(redis), manifestStamp(beforeMinify));
    // The sibling: a change to what runs is a new manifest.
    assert.notEqual(manifestStamp({ ...redis, capabilities: [] }), manifestStamp(redis));
  });
});

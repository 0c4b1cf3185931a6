import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyTextEdits } from '../../../src/core/dockerfile/applyFixes';
import type { Finding } from '../../../src/core/dockerfile/finding';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';
import { type ProfileFacts, profileFactsOf } from '../../../src/core/dockerfile/profileFacts';
import { ruleById } from '../../../src/core/dockerfile/rules/index';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { profiledRecording } from '../recordedFixture';

const registered = ruleById('HX004');
if (!registered) throw new Error('HX004 is not registered');
const rootUser = registered;

/** The redis fixture's own Dockerfile: Debian's redis-server, started as root, data in /var/lib/redis (100:101, 0750). */
const REDIS_DOCKERFILE = readFileSync(join(__dirname, '..', '..', 'fixtures', 'redis', 'Dockerfile'), 'utf8');
const BUILT_FROM_REDIS = 'FROM harden-fixture/redis:test\nCMD ["redis-server", "--dir", "/var/lib/redis"]\n';

function hx004(text: string, profile?: ProfileFacts): Finding[] {
  return lintDockerfile(text, { rules: [rootUser], profile });
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, findings.map((finding) => finding.message).join('\n'));
  return findings[0] as Finding;
}

/** The recorded redis profile with the root decision a profile makes when the app must switch users. */
function needingRoot(manifest: HardeningManifest): HardeningManifest {
  return { ...manifest, runAs: { uid: 0, gid: 0, nonRoot: false, reason: 'it needs root to switch users (SETUID, SETGID); e.g. gosu: setuid 999' } };
}

describe('HX004 follows the profile of the image the Dockerfile builds', () => {
  let redis: HardeningManifest;
  before(async () => {
    redis = (await profiledRecording('redis')).manifest;
  });

  it('the recorded redis profile runs as 100:101, the owner of /var/lib/redis', () => {
    assert.deepEqual({ uid: redis.runAs.uid, gid: redis.runAs.gid, nonRoot: redis.runAs.nonRoot }, { uid: 100, gid: 101, nonRoot: true });
    assert.deepEqual(profileFactsOf(redis, '.harden/redis/manifest.yaml').ownedPaths, ['/var/lib/redis']);
  });

  it('without a profile it proposes the base family\'s 10001:10001, which cannot write /var/lib/redis', () => {
    const finding = only(hx004(REDIS_DOCKERFILE));
    assert.match(finding.message, /USER 10001:10001/);
    assert.equal(finding.fixes[0]?.edits[0]?.newText.trim(), 'USER 10001:10001');
  });

  it('with the profile it proposes the uid the profile ran it as, and says why', () => {
    const finding = only(hx004(REDIS_DOCKERFILE, profileFactsOf(redis, '.harden/redis/manifest.yaml')));
    assert.equal(
      finding.message,
      'The final stage sets no USER, so the container runs as root; the profile (.harden/redis/manifest.yaml) ran it as 100:101, the owner of /var/lib/redis: add `USER 100:101` before CMD/ENTRYPOINT',
    );
    const [fix] = finding.fixes;
    assert.ok(fix);
    assert.equal(fix.title, 'Run as 100:101, as the profile did (the owner of /var/lib/redis)');
    assert.equal(fix.safe, false);
    assert.equal(
      applyTextEdits(REDIS_DOCKERFILE, fix.edits),
      REDIS_DOCKERFILE.replace('\nCMD ["redis-server"', '\nUSER 100:101\nCMD ["redis-server"'),
    );
  });

  it('does the same for a Dockerfile built FROM the fixture image, and on an explicit USER root', () => {
    const facts = profileFactsOf(redis, '.harden/app/manifest.yaml');
    assert.match(only(hx004(BUILT_FROM_REDIS, facts)).message, /ran it as 100:101, the owner of \/var\/lib\/redis/);
    const explicitRoot = only(hx004('FROM debian:bookworm\nUSER root\nCMD ["redis-server"]\n', facts));
    assert.match(explicitRoot.message, /^The last USER of the final stage is root, so the container runs as root; the profile .* ran it as 100:101/);
    assert.equal(explicitRoot.fixes[0]?.edits[0]?.newText.trim(), 'USER 100:101');
  });

  it('when the profile keeps root, says why and offers no USER that would break it', () => {
    const finding = only(hx004(REDIS_DOCKERFILE, profileFactsOf(needingRoot(redis), '.harden/redis/manifest.yaml')));
    assert.equal(
      finding.message,
      'The final stage sets no USER, so the container runs as root, and the profile (.harden/redis/manifest.yaml) keeps root: it needs root to switch users (SETUID, SETGID); e.g. gosu: setuid 999; a USER would break it until that changes',
    );
    assert.deepEqual(finding.fixes, []);
  });

  it('names the reason when no data directory explains the uid', () => {
    const facts = profileFactsOf({ ...redis, runAs: { uid: 65532, gid: 65532, nonRoot: true, reason: 'the image runs as root, but the trace shows nothing that needs root' } }, 'm.yaml');
    assert.match(only(hx004(REDIS_DOCKERFILE, facts)).message, /ran it as 65532:65532 \(the image runs as root, but the trace shows nothing that needs root\): add `USER 65532:65532`/);
  });

  it('stays quiet when the profile saw the built image run as a non-root user of its base', () => {
    const facts = profileFactsOf({ ...redis, image: { ...redis.image, user: 'redis' } }, 'm.yaml');
    assert.deepEqual(hx004('FROM example.com/unknown/redis:7\nCMD ["redis-server"]\n', facts), []);
    assert.equal(hx004('FROM example.com/unknown/redis:7\nCMD ["redis-server"]\n').length, 1);
  });

  it('judges other targets as before: the profile is of the final stage only', () => {
    const text = 'FROM debian:bookworm AS server\nCMD ["redis-server"]\n\nFROM debian:bookworm\nUSER 100:101\nCMD ["redis-server"]\n';
    const finding = only(hx004(text, profileFactsOf(redis, 'm.yaml')));
    assert.match(finding.message, /^The target `server` sets no USER/);
    assert.doesNotMatch(finding.message, /profile/);
  });

  it('leaves a Dockerfile that already runs as non-root alone', () => {
    assert.deepEqual(hx004('FROM debian:bookworm\nUSER 100:101\nCMD ["redis-server"]\n', profileFactsOf(needingRoot(redis), 'm.yaml')), []);
  });
});

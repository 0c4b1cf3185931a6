import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveProfileArguments, type ProfileRunFlags } from '../../../src/cli/profileArguments';
import { HardenError } from '../../../src/core/errors';
import { profileSettingsToYaml, type ProfileSettings } from '../../../src/core/profile/profileSettings';

const USAGE_LINE = 'Usage: harden profile [IMAGE] [options]';
const NO_FLAGS: ProfileRunFlags = { probe: [], env: [] };
const REQUEST_WRITES: ProfileSettings = { reference: 'harden-fixture/request-writes:test', probes: [{ kind: 'http', port: 8094, path: '/' }], env: ['MODE=prod'], user: 'root' };
const WORKER: ProfileSettings = { reference: 'harden-fixture/worker:test', probes: [], durationSeconds: 4, env: [] };

describe('harden profile arguments and the settings file', () => {
  let cwd: string;

  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'harden-profile-args-'));
  });

  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  async function remember(dir: string, settings: ProfileSettings): Promise<void> {
    await mkdir(join(cwd, dir), { recursive: true });
    await writeFile(join(cwd, dir, 'profile-settings.yaml'), profileSettingsToYaml(settings));
  }

  const usageError = (pattern: RegExp) => (error: unknown) => error instanceof HardenError && error.kind === 'usage' && pattern.test(error.message);

  it('with no IMAGE repeats the one settings file under .harden/, into its folder', async () => {
    await remember('.harden/request-writes', REQUEST_WRITES);
    const resolved = await resolveProfileArguments([], NO_FLAGS, cwd, USAGE_LINE);
    assert.deepEqual(resolved.request, REQUEST_WRITES);
    assert.equal(resolved.shownOutputDir, '.harden/request-writes');
    assert.match(resolved.settingsNote ?? '', /^using the profile settings in \.harden\/request-writes\/profile-settings\.yaml \(http:8094\/ · 1 env · as root\)$/);
  });

  it('with no IMAGE and no settings file, or several, says how to choose', async () => {
    await assert.rejects(resolveProfileArguments([], NO_FLAGS, cwd, USAGE_LINE), usageError(/profile needs an IMAGE: there is no \.harden\/\*\/profile-settings\.yaml/));
    await remember('.harden/request-writes', REQUEST_WRITES);
    await remember('.harden/worker', WORKER);
    await assert.rejects(
      resolveProfileArguments([], NO_FLAGS, cwd, USAGE_LINE),
      usageError(/2 profiles here could be repeated \(\.harden\/request-writes, \.harden\/worker\); pass --out \.harden\/request-writes/),
    );
    const chosen = await resolveProfileArguments([], { ...NO_FLAGS, out: '.harden/worker' }, cwd, USAGE_LINE);
    assert.deepEqual(chosen.request, WORKER);
    assert.equal(chosen.shownOutputDir, '.harden/worker');
  });

  it('with IMAGE uses the settings file of its default folder only when it is for that image', async () => {
    await remember('.harden/request-writes', REQUEST_WRITES);
    const same = await resolveProfileArguments(['harden-fixture/request-writes:test'], NO_FLAGS, cwd, USAGE_LINE);
    assert.deepEqual(same.request, REQUEST_WRITES);

    await remember('.harden/other', REQUEST_WRITES);
    const other = await resolveProfileArguments(['harden-fixture/worker:test'], { ...NO_FLAGS, out: '.harden/other' }, cwd, USAGE_LINE);
    assert.deepEqual(other.request, { reference: 'harden-fixture/worker:test', probes: [], env: [] });
    assert.match(other.settingsNote ?? '', /not using \.harden\/other\/profile-settings\.yaml: it is for harden-fixture\/request-writes:test/);

    const fresh = await resolveProfileArguments(['nginx:1.27'], NO_FLAGS, cwd, USAGE_LINE);
    assert.deepEqual(fresh, { request: { reference: 'nginx:1.27', probes: [], env: [] }, shownOutputDir: '.harden/nginx' });
  });

  it('lets each flag override its field, --probe and --duration replacing how to wait together', async () => {
    await remember('.harden/request-writes', REQUEST_WRITES);
    const resolved = await resolveProfileArguments([], { ...NO_FLAGS, duration: '3', user: 'app' }, cwd, USAGE_LINE);
    assert.deepEqual(resolved.request, { reference: REQUEST_WRITES.reference, probes: [], durationSeconds: 3, env: ['MODE=prod'], user: 'app' });
    assert.match(resolved.settingsNote ?? '', /with --duration, --user from the command line$/);
    await assert.rejects(resolveProfileArguments([], { ...NO_FLAGS, env: ['NOVALUE'] }, cwd, USAGE_LINE), usageError(/--env NOVALUE: expected KEY=VALUE/));
    await assert.rejects(resolveProfileArguments(['a', 'b'], NO_FLAGS, cwd, USAGE_LINE), usageError(/one IMAGE, not 2/));
  });
});

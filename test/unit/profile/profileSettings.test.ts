import { strict as assert } from 'node:assert';
import { HardenError } from '../../../src/core/errors';
import { parseProfileSettings, profileSettingsSummary, profileSettingsToYaml, type ProfileSettings } from '../../../src/core/profile/profileSettings';

const FULL: ProfileSettings = {
  reference: 'harden-fixture/request-writes:test',
  probes: [
    { kind: 'http', port: 8094, path: '/' },
    { kind: 'exec', argv: ['/app/check', '--quick'] },
  ],
  entrypoint: ['/usr/bin/python3'],
  cmd: ['/app/server.py', '--port', '8094'],
  env: ['MODE=prod', 'EMPTY='],
  user: '',
};

function rejects(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseProfileSettings(text, '.harden/x/profile-settings.yaml'),
    (error: unknown) => error instanceof HardenError && error.kind === 'usage' && pattern.test(error.message) && error.message.startsWith('.harden/x/profile-settings.yaml'),
  );
}

describe('the profile settings file', () => {
  it('reads back what it writes, probes as the CLI spells them, under a header saying who reads it', () => {
    const text = profileSettingsToYaml(FULL);
    assert.match(text, /^# How harden profiled this image/);
    assert.match(text, /probes:\n {2}- http:8094\/\n {2}- exec:\/app\/check --quick\n/);
    assert.deepEqual(parseProfileSettings(text, 'f'), FULL);
    const worker: ProfileSettings = { reference: 'harden-fixture/worker:test', probes: [], durationSeconds: 4, env: [] };
    assert.equal(profileSettingsToYaml(worker).split('\n').filter((line) => !line.startsWith('#')).join('\n').trimStart(), 'image: harden-fixture/worker:test\ndurationSeconds: 4\n');
    assert.deepEqual(parseProfileSettings(profileSettingsToYaml(worker), 'f'), worker);
  });

  it('says in one sentence which field is wrong', () => {
    rejects('probes: [tcp:80]\n', /`image` must be an image reference/);
    rejects('image: a\nprobes: [udp:53]\n', /probe "udp:53" is not tcp:PORT/);
    rejects('image: a\ndurationSeconds: -1\n', /`durationSeconds` must be a number of seconds above 0/);
    rejects('image: a\ndurationSeconds: "10"\n', /`durationSeconds`/);
    rejects('image: a\nenv: [NOVALUE]\n', /env entry "NOVALUE" is not KEY=VALUE/);
    rejects('image: a\ncmd: /app/run\n', /`cmd` must be a list of strings/);
    rejects('image: a\nuser: 1000\n', /`user` must be a user name or uid\[:gid\] in quotes/);
    rejects('image: a\nprobe: [tcp:80]\n', /unknown field "probe"/);
    rejects('- a\n', /expected a YAML mapping/);
  });

  it('sums itself up for a tree row', () => {
    assert.equal(profileSettingsSummary(FULL), 'http:8094/, exec:/app/check --quick · runs /usr/bin/python3 /app/server.py --port 8094 · 2 env · as root');
    assert.equal(profileSettingsSummary({ reference: 'w', probes: [{ kind: 'tcp', port: 1 }], durationSeconds: 4, env: [] }), 'observe 4 s');
    assert.equal(profileSettingsSummary({ reference: 'w', probes: [], env: [], user: 'app' }), 'default probes · as app');
  });
});

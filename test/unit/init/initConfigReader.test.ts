import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeInitConfig, type InitConfig } from '../../../src/core/init/initConfig';
import { readInitConfig } from '../../../src/core/init/initConfigReader';

describe('reading prod/init.conf back', () => {
  it('reads what minify wrote for harden-fixture/redis-gosu:test: the drop, the environment, the chown, the exec', () => {
    const text = readFileSync(join(__dirname, '..', 'fixtures', 'production-redis', 'init.conf'), 'utf8');
    assert.deepEqual(readInitConfig(text), {
      exec: ['redis-server', '--port', '${REDIS_PORT:-6379}', '--dir', '/data', '--protected-mode', 'no'],
      user: { uid: 100, gid: 101 },
      environment: [{ kind: 'set', name: 'HOME', value: '/var/lib/redis' }],
      steps: [{ kind: 'chown', path: '/data', uid: 100, gid: 101 }],
    });
  });

  it('gives back every directive serializeInitConfig writes, quotes and escapes included', () => {
    const config: InitConfig = {
      user: { uid: 999, gid: 999, groups: [999, 4] },
      workdir: '/srv/app dir',
      umask: 0o027,
      fileEnv: ['POSTGRES_PASSWORD'],
      environment: [
        { kind: 'default', name: 'GREETING', value: 'say "hi"\\\n\tbye\x01' },
        { kind: 'set', name: 'HOME', value: '/var/lib/app' },
        { kind: 'unset', name: 'DEBUG' },
      ],
      require: ['POSTGRES_PASSWORD'],
      steps: [
        { kind: 'mkdir', path: '/run/app', mode: 0o3775, uid: 999, gid: 999 },
        { kind: 'chown', path: '/var/lib/app', uid: 999, gid: 999 },
        { kind: 'chmod', path: '/var/lib/app', mode: 0o700 },
        { kind: 'seed', source: '/.harden/seed/data', target: '/var/lib/app/data' },
      ],
      exec: ['app', '--name', 'two words', ''],
      appIsPid1: true,
    };
    assert.deepEqual(readInitConfig(serializeInitConfig({ ...config, header: ['written by a test'] })), config);
  });

  it('refuses a line it does not understand, naming the line, instead of skipping it', () => {
    assert.deepEqual(readInitConfig('harden-init 1\nexec "app"\nrun-as-root please\n'), { error: 'init.conf line 3: `run-as-root please` is not an init directive this version reads.' });
    assert.deepEqual(readInitConfig('harden-init 1\nmkdir "/x" 0999 0 0\nexec "app"\n'), { error: 'init.conf line 2: `mkdir "/x" 0999 0 0` is not an init directive this version reads.' });
    assert.deepEqual(readInitConfig('harden-init 1\nexec "app\n'), { error: 'init.conf line 2: a quoted string has no closing quote.' });
    assert.deepEqual(readInitConfig('harden-init 1\nuser 0 0\n'), { error: 'init.conf has no exec line: the init would not know what to start.' });
  });
});

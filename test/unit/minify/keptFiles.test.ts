import { strict as assert } from 'node:assert';
import { decideKeptFiles, globPattern, type KeepInput } from '../../../src/core/minify/keptFiles';
import { ImageIndex } from '../../../src/core/image/imageIndex';
import type { WritablePath } from '../../../src/core/manifest/manifestTypes';
import type { ProfileRecord } from '../../../src/core/profile/profileRecord';
import { profiledRecording, type ProfiledRecording, type RecordedFixture } from '../recordedFixture';

const ENTRYPOINT = '/usr/local/bin/docker-entrypoint.sh';
const LOADER = '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';

/** What minify keeps of a recorded image, with `change` applied to the input. */
async function kept(name: RecordedFixture, change: (input: KeepInput) => Partial<KeepInput> = () => ({})) {
  const { recording, record, manifest } = await profiledRecording(name);
  const input: KeepInput = { index: recording.index, record, manifest, patterns: [], learned: [] };
  return decideKeptFiles({ ...input, ...change(input) });
}

function executedByApp(record: ProfileRecord, program: string): ProfileRecord {
  return { ...record, app: { ...record.app, executed: [...record.app.executed, program] } };
}

/** The same image index without the ELF loaders (as recorded before the index read PT_INTERP). */
function withoutLoaders(index: ImageIndex): ImageIndex {
  return ImageIndex.fromEntries([...index.all()], { '/etc/passwd': index.content('/etc/passwd') ?? '', '/etc/group': index.content('/etc/group') ?? '' });
}

describe('the files a production image keeps', () => {
  describe('postgres', () => {
    let postgres: ProfiledRecording;
    before(async () => {
      postgres = await profiledRecording('postgres');
    });

    it('keeps the symlinks on the way to what the app used: /lib → usr/lib for its libraries', async () => {
      const { kept: paths } = await kept('postgres');
      assert.equal(postgres.recording.index.get('/lib')?.linkname, 'usr/lib');
      assert.match(paths.get('/lib') ?? '', /^symlink on the way to \/lib\/x86_64-linux-gnu\//);
      assert.equal(paths.get('/usr/lib/x86_64-linux-gnu/libicuuc.so.72.1'), 'used by the app');
      assert.equal(paths.get('/usr/lib/x86_64-linux-gnu/libicuuc.so.72'), 'symlink on the way to /lib/x86_64-linux-gnu/libicuuc.so.72');
    });

    it('keeps /var/run → /run for the socket the app created there, which the image does not have', async () => {
      const { kept: paths } = await kept('postgres');
      assert.equal(postgres.recording.index.get('/var/run/postgresql/.s.PGSQL.5432'), undefined);
      assert.equal(paths.get('/var/run'), 'symlink on the way to /var/run/postgresql/.s.PGSQL.5432');
      assert.ok(!paths.has('/run/postgresql/.s.PGSQL.5432'));
    });

    it('keeps no /var/run when the app named the socket by its real path', async () => {
      const { kept: paths } = await kept('postgres', ({ record }) => ({
        record: { ...record, app: { ...record.app, used: record.app.used.map((path) => path.replace(/^\/var\/run\//, '/run/')) } },
      }));
      assert.ok(!paths.has('/var/run'));
    });

    it('keeps the loader of the program the app executed, with the symlinks /lib64 and /usr/lib64/ld-linux-x86-64.so.2', async () => {
      const { kept: paths } = await kept('postgres');
      assert.equal(paths.get(LOADER), 'loader of /usr/lib/postgresql/15/bin/postgres');
      assert.equal(paths.get('/lib64'), 'symlink on the way to /lib64/ld-linux-x86-64.so.2');
      assert.equal(paths.get('/usr/lib64/ld-linux-x86-64.so.2'), 'symlink on the way to /lib64/ld-linux-x86-64.so.2');
    });

    it('keeps no loader from an index that does not know it: the trace never shows the kernel open it', async () => {
      const { kept: paths } = await kept('postgres', ({ index }) => ({ index: withoutLoaders(index) }));
      for (const path of [LOADER, '/lib64', '/usr/lib64/ld-linux-x86-64.so.2']) assert.ok(!paths.has(path), path);
    });

    it('keeps none of the start-up\'s own tools: the script, bash, setpriv, mkdir, chown, chmod, id, initdb', async () => {
      const { kept: paths } = await kept('postgres');
      for (const path of [ENTRYPOINT, '/usr/bin/bash', '/usr/bin/dash', '/usr/bin/setpriv', '/usr/bin/mkdir', '/usr/bin/chown', '/usr/bin/chmod', '/usr/bin/id', '/usr/lib/postgresql/15/bin/initdb']) {
        assert.ok(postgres.recording.index.get(path), `${path} is in the image`);
        assert.ok(!paths.has(path), path);
      }
      assert.ok(!paths.has('/bin'), 'no program is reached through /bin');
    });

    it('keeps a tool the app itself executed, and says so', async () => {
      const { kept: paths } = await kept('postgres', ({ record }) => ({ record: executedByApp(record, '/usr/bin/setpriv') }));
      assert.equal(paths.get('/usr/bin/setpriv'), 'executed by the app');
    });

    it('keeps the account files, the writable paths and the declared VOLUME', async () => {
      const { kept: paths } = await kept('postgres');
      for (const path of ['/etc/passwd', '/etc/group', '/etc/nsswitch.conf']) assert.equal(paths.get(path), 'account and name-service files');
      assert.equal(paths.get('/run/postgresql'), 'run path (mounted writable)');
      assert.ok(paths.has('/var/lib/postgresql/data'));
    });

    it('keeps what verify rounds found missing, through symlinks too, with the round that needed it', async () => {
      const { kept: paths } = await kept('postgres', () => ({ learned: [{ path: '/usr/bin/locale', round: 2 }, { path: '/bin/id', round: 3 }] }));
      assert.equal(paths.get('/usr/bin/locale'), 'verify round 2 needed it');
      assert.equal(paths.get('/usr/bin/id'), 'verify round 3 needed it');
      assert.equal(paths.get('/bin'), 'symlink on the way to /bin/id');
    });

    describe('--keep', () => {
      it('keeps an exact path, absolute or not, and one named through a symlink with the symlink', async () => {
        const { kept: paths, unmatched } = await kept('postgres', () => ({ patterns: ['/usr/bin/id', 'usr/bin/locale', '/bin/dd'] }));
        assert.deepEqual(unmatched, []);
        assert.equal(paths.get('/usr/bin/id'), '--keep /usr/bin/id');
        assert.equal(paths.get('/usr/bin/locale'), '--keep usr/bin/locale');
        assert.equal(paths.get('/usr/bin/dd'), '--keep /bin/dd');
        assert.equal(paths.get('/bin'), 'symlink on the way to /bin/dd');
      });

      it('keeps what `*` matches within one name, and `**` across directories', async () => {
        const { kept: paths, unmatched } = await kept('postgres', () => ({ patterns: ['/usr/lib/postgresql/15/bin/pg_*', '/usr/lib/postgresql/*/initdb', '/usr/lib/postgresql/**/initdb'] }));
        const byPattern = (pattern: string) => [...paths].filter(([, why]) => why === `--keep ${pattern}`).map(([path]) => path);
        assert.ok(byPattern('/usr/lib/postgresql/15/bin/pg_*').includes('/usr/lib/postgresql/15/bin/pg_dump'));
        assert.ok(!paths.has('/usr/lib/postgresql/15/bin/pgbench'));
        assert.ok(byPattern('/usr/lib/postgresql/15/bin/pg_*').every((path) => /^\/usr\/lib\/postgresql\/15\/bin\/pg_[^/]+$/.test(path)));
        assert.deepEqual(byPattern('/usr/lib/postgresql/**/initdb'), ['/usr/lib/postgresql/15/bin/initdb']);
        assert.deepEqual(unmatched, ['/usr/lib/postgresql/*/initdb']);
      });

      it('keeps what `?` matches: one character, not a slash', async () => {
        const { kept: paths } = await kept('postgres', () => ({ patterns: ['/usr/bin/i?'] }));
        assert.deepEqual(
          [...paths].filter(([, why]) => why === '--keep /usr/bin/i?').map(([path]) => path).sort(),
          ['/usr/bin/id', '/usr/bin/ip'],
        );
      });

      it('keeps everything below a directory it names', async () => {
        const { kept: paths } = await kept('postgres', () => ({ patterns: ['/usr/share/postgresql/15/extension'] }));
        const below = postgres.recording.index.filesBelow('/usr/share/postgresql/15/extension');
        assert.ok(below.length > 10);
        for (const entry of below) assert.equal(paths.get(entry.path), '--keep /usr/share/postgresql/15/extension', entry.path);
      });

      it('reports the patterns that matched nothing, in the order given', async () => {
        const { unmatched } = await kept('postgres', () => ({ patterns: ['/usr/bin/no-such-tool', '/usr/bin/id', '/nothing/**', '/usr/bin/?d'] }));
        assert.deepEqual(unmatched, ['/usr/bin/no-such-tool', '/nothing/**']);
      });
    });
  });

  describe('entrypoint-script', () => {
    it('keeps python3 through its symlink with its loader, and not the script, its /bin/sh or mkdir', async () => {
      const { kept: paths } = await kept('entrypoint-script');
      assert.equal(paths.get('/usr/bin/python3'), 'symlink on the way to /usr/bin/python3');
      assert.equal(paths.get('/usr/bin/python3.11'), 'used by the app');
      assert.equal(paths.get(LOADER), 'loader of /usr/bin/python3');
      for (const path of [ENTRYPOINT, '/usr/bin/sh', '/usr/bin/dash', '/usr/bin/mkdir', '/bin']) assert.ok(!paths.has(path), path);
    });

    it('keeps the interpreter of a script the app executed, the symlinks to it and its loader', async () => {
      const { kept: paths } = await kept('entrypoint-script', ({ record }) => ({ record: executedByApp(record, ENTRYPOINT) }));
      assert.equal(paths.get(ENTRYPOINT), 'executed by the app');
      assert.equal(paths.get('/bin'), 'symlink on the way to /bin/sh');
      assert.equal(paths.get('/usr/bin/sh'), 'symlink on the way to /bin/sh');
      assert.equal(paths.get('/usr/bin/dash'), `interpreter of ${ENTRYPOINT}`);
    });
  });

  describe('nginx', () => {
    /** /etc/nginx mounted writable, as a named volume or as a tmpfs. */
    const configMounted = (type: 'volume' | 'tmpfs') => (input: KeepInput): Partial<KeepInput> => {
      const template = input.manifest.writablePaths.find((path) => path.path === '/var/lib/nginx') as WritablePath;
      const mount: WritablePath['mount'] = type === 'volume' ? { type, name: 'config', seededFromImage: true } : template.mount;
      return { manifest: { ...input.manifest, writablePaths: [...input.manifest.writablePaths, { ...template, path: '/etc/nginx', kind: 'data', mount }] } };
    };

    it('keeps what a new volume copies from the image, though the app never read it', async () => {
      const { kept: paths } = await kept('nginx', configMounted('volume'));
      for (const path of ['/etc/nginx/koi-utf', '/etc/nginx/fastcgi_params', '/etc/nginx/uwsgi_params']) assert.equal(paths.get(path), 'content a new volume copies from the image', path);
      assert.equal(paths.get('/etc/nginx/nginx.conf'), 'used by the app');
    });

    it('keeps none of it under a tmpfs, which hides it', async () => {
      const { kept: paths } = await kept('nginx', configMounted('tmpfs'));
      for (const path of ['/etc/nginx/koi-utf', '/etc/nginx/fastcgi_params', '/etc/nginx/uwsgi_params']) assert.ok(!paths.has(path), path);
    });
  });
});

describe('globPattern', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/usr/lib/*.so', '/usr/lib/libc.so', true],
    ['/usr/lib/*.so', '/usr/lib/x86_64-linux-gnu/libc.so', false],
    ['/usr/lib/*.so', '/usr/lib/libc.sox', false],
    ['/usr/lib/*.so', '/usr/lib/libcxso', false],
    ['/usr/**.so', '/usr/lib/x86_64-linux-gnu/libc.so', true],
    ['/usr/**', '/usr/lib', true],
    ['/usr/**', '/usr', false],
    ['/usr/**/x', '/usr/x', true],
    ['/usr/**/x', '/usr/lib/deep/x', true],
    ['/usr/**/x', '/usrx', false],
    ['/usr/bin/i?', '/usr/bin/id', true],
    ['/usr/bin/i?', '/usr/bin/i', false],
    ['/usr/bin/i?', '/usr/bin/idx', false],
    ['/a?b', '/a/b', false],
    ['/srv/a+b(c)[d]{e}^$|\\', '/srv/a+b(c)[d]{e}^$|\\', true],
    ['/srv/a+b', '/srv/aab', false],
    ['/srv/[ab]', '/srv/a', false],
  ];
  for (const [glob, path, matches] of cases) {
    it(`${glob} ${matches ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globPattern(glob).test(path), matches);
    });
  }
});

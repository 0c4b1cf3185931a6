import { strict as assert } from 'node:assert';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { describeStep, replaceStartup, type ReplacementInput, type StartupReplacement } from '../../../src/core/minify/startupReplacement';
import { profiledRecording, type RecordedFixture } from '../recordedFixture';

const ENTRYPOINT = '/usr/local/bin/docker-entrypoint.sh';
const PGDATA = '/var/lib/postgresql/data';

/** What the init does instead of a recorded image's start-up, with `change` applied to the input. */
async function replaced(name: RecordedFixture, change: (input: ReplacementInput) => Partial<ReplacementInput> = () => ({})): Promise<StartupReplacement> {
  const { recording, record, manifest } = await profiledRecording(name);
  const input: ReplacementInput = { manifest, record, index: recording.index, scripts: recording.scripts, seed: true };
  return replaceStartup({ ...input, ...change(input) });
}

function withMain(manifest: HardeningManifest, main: Partial<HardeningManifest['execution']['main']>): HardeningManifest {
  return { ...manifest, execution: { ...manifest.execution, main: { ...manifest.execution.main, ...main } } };
}

function withScript(scripts: ReadonlyMap<string, string>, edit: (text: string) => string): Map<string, string> {
  return new Map([...scripts].map(([path, text]) => [path, edit(text)]));
}

describe('the start-up replaced by the init', () => {
  describe('postgres', () => {
    it('drops to 100:102 with the groups setpriv gave', async () => {
      const replacement = await replaced('postgres');
      assert.deepEqual(replacement.user, { uid: 100, gid: 102, groups: [102, 101] });
      assert.equal(replacement.carriedOver[0], 'drops privileges to 100:102 (groups 102,101) before it starts the app, as the start-up did');
    });

    it('chowns and chmods the data path and the socket directory with the exact modes, 3777 included', async () => {
      const replacement = await replaced('postgres');
      assert.deepEqual(replacement.steps, [
        { kind: 'chown', path: PGDATA, uid: 100, gid: 102 },
        { kind: 'chmod', path: PGDATA, mode: 0o700 },
        { kind: 'chown', path: '/run/postgresql', uid: 100, gid: 102 },
        { kind: 'chmod', path: '/run/postgresql', mode: 0o3777 },
      ]);
      assert.deepEqual(replacement.steps.map(describeStep), [`chown 100:102 ${PGDATA}`, `chmod 0700 ${PGDATA}`, 'chown 100:102 /run/postgresql', 'chmod 3777 /run/postgresql']);
    });

    it('seeds the data path with what initdb, its servers and the script wrote there', async () => {
      const replacement = await replaced('postgres');
      assert.deepEqual(replacement.seeds, [{ target: PGDATA, source: `/.harden/seed${PGDATA}`, writers: ['docker-entrypoint.sh', 'initdb', 'postgres'] }]);
      assert.ok(!replacement.steps.some((step) => step.path.startsWith(`${PGDATA}/`)), 'what initdb made below it comes with the seed');
    });

    it('lists the script\'s conditional lines as not carried over, and nothing else', async () => {
      const replacement = await replaced('postgres');
      assert.deepEqual(replacement.notCarriedOver, [
        `${ENTRYPOINT}:10: only the branch the profile took is carried over: \`case "\${1:-}" in\``,
        `${ENTRYPOINT}:14: only the branch the profile took is carried over: \`if [ "\${1:-}" = postgres ]; then\``,
        `${ENTRYPOINT}:15: only the branch the profile took is carried over: \`if [ "$(id -u)" = 0 ]; then\``,
        `${ENTRYPOINT}:22: only the branch the profile took is carried over: \`if [ ! -s "$PGDATA/PG_VERSION" ]; then\``,
      ]);
      assert.deepEqual((await replaced('postgres', () => ({ scripts: new Map() }))).notCarriedOver, []);
    });

    it('with --no-seed, lists what initdb and the script wrote into the data path as not carried over', async () => {
      const replacement = await replaced('postgres', () => ({ seed: false }));
      assert.deepEqual(replacement.seeds, []);
      assert.ok(replacement.notCarriedOver.includes(`the start-up script wrote ${PGDATA}/pg_hba.conf: what it wrote is not reproduced`));
      const initdb = replacement.notCarriedOver.filter((line) => line.startsWith('`initdb '));
      assert.deepEqual(initdb, [
        `\`initdb --username=postgres --pwfile=/dev/fd/63 --auth-local=trust --auth-host=scram-sha-256\` wrote ${PGDATA}, ${PGDATA}/PG_VERSION, ${PGDATA}/base (first-start data, not seeded: --no-seed): the production image does not run it`,
      ]);
      assert.ok(replacement.notCarriedOver.some((line) => line.startsWith('`/usr/lib/postgresql/15/bin/postgres --boot ') && line.includes('(first-start data, not seeded: --no-seed)')));
    });

    it('carries no variable: PWD and SHLVL the shell set are not the script\'s, HOME and HOSTNAME are Docker\'s', async () => {
      const { manifest } = await profiledRecording('postgres');
      const env = manifest.execution.main.env;
      for (const name of ['PWD', 'SHLVL', 'HOME', 'HOSTNAME']) assert.ok(env.some((pair) => pair.startsWith(`${name}=`)), `${name} is in the main command's environment`);
      const replacement = await replaced('postgres');
      assert.deepEqual([replacement.defaults, replacement.sets, replacement.unsets], [[], [], []]);
    });

    it('runs the app by the name it was started with: postgres, found on PATH', async () => {
      assert.deepEqual((await replaced('postgres')).argv, ['postgres']);
    });
  });

  describe('entrypoint-script', () => {
    it('makes PORT a default, as the script set it with ${PORT:-8080}', async () => {
      const replacement = await replaced('entrypoint-script');
      assert.deepEqual(replacement.defaults, [{ name: 'PORT', value: '8080' }]);
      assert.deepEqual([replacement.sets, replacement.unsets], [[], []]);
      assert.ok(replacement.carriedOver.includes('PORT defaults to "8080"'));
    });

    it('sets PORT whatever the container was given when the script set it unconditionally', async () => {
      const replacement = await replaced('entrypoint-script', ({ scripts }) => ({ scripts: withScript(scripts, (text) => text.replace('PORT="${PORT:-8080}"', 'PORT=8080')) }));
      assert.deepEqual([replacement.defaults, replacement.sets], [[], [{ name: 'PORT', value: '8080' }]]);
    });

    it('makes /run/app and /var/cache/app owned by the configuration\'s user, not the root the profile ran as', async () => {
      const { manifest } = await profiledRecording('entrypoint-script');
      assert.deepEqual([manifest.runAs.uid, manifest.runAs.gid], [65532, 65532]);
      const replacement = await replaced('entrypoint-script');
      assert.equal(replacement.user, undefined);
      assert.deepEqual(replacement.steps, [
        { kind: 'mkdir', path: '/run/app', mode: 0o755, uid: 65532, gid: 65532 },
        { kind: 'mkdir', path: '/var/cache/app', mode: 0o755, uid: 65532, gid: 65532 },
      ]);
      const asProfiled = await replaced('entrypoint-script', (input) => ({ manifest: { ...input.manifest, runAs: { ...input.manifest.runAs, uid: 0, gid: 0, nonRoot: false } } }));
      assert.deepEqual(asProfiled.steps.map((step) => ('uid' in step ? [step.uid, step.gid] : [])), [[0, 0], [0, 0]]);
    });

    it('carries the _FILE secrets convention and ${NAME:?message} of the script into file-env and require', async () => {
      const replacement = await replaced('entrypoint-script', ({ scripts }) => ({
        scripts: withScript(scripts, (text) => `${text}\nfile_env 'DB_PASSWORD'\n[ -n "$API_KEY_FILE" ] && true\n: "\${TOKEN:?set TOKEN}"\n`),
      }));
      assert.deepEqual(replacement.fileEnv, ['API_KEY', 'DB_PASSWORD']);
      assert.deepEqual(replacement.required, ['TOKEN']);
    });

    it('has no file-env or require for a script that has neither (the sibling)', async () => {
      const replacement = await replaced('entrypoint-script');
      assert.deepEqual([replacement.fileEnv, replacement.required], [[], []]);
    });

    it('writes an argument holding the default of a variable the script did not export as ${NAME:-default}', async () => {
      const replacement = await replaced('entrypoint-script', ({ manifest, scripts }) => ({
        manifest: withMain(manifest, { argv: ['python3', '-u', '/usr/local/lib/app/app.py', '--port', '6379', '--db=6379'] }),
        scripts: withScript(scripts, (text) => `${text}\n: "\${REDIS_PORT:=6379}"\n`),
      }));
      assert.deepEqual(replacement.argv.slice(3), ['--port', '${REDIS_PORT:-6379}', '--db=${REDIS_PORT:-6379}']);
    });

    it('keeps such an argument literal when the script has no default of that value (the sibling)', async () => {
      const replacement = await replaced('entrypoint-script', ({ manifest }) => ({
        manifest: withMain(manifest, { argv: ['python3', '-u', '/usr/local/lib/app/app.py', '--port', '6379'] }),
      }));
      assert.deepEqual(replacement.argv.slice(3), ['--port', '6379']);
    });

    it('lists a recursive chown of the start-up as not carried over: the init changes the path itself only', async () => {
      const recursive = (argv: string[]) => async () =>
        replaced('entrypoint-script', ({ record }) => ({
          record: { ...record, startupSteps: [...record.startupSteps, { image: '99#1', parent: '1#1', onChain: false, program: '/usr/bin/chown', argv, uid: 0, gid: 0, writes: 1, wrote: ['/var/cache/app'] }] },
        }));
      const withR = await recursive(['chown', '-R', '65532:65532', '/var/cache/app'])();
      assert.ok(withR.notCarriedOver.some((line) => line.startsWith('`chown -R 65532:65532 /var/cache/app`: the init changes the path itself')), withR.notCarriedOver.join('\n'));
      const plain = await recursive(['chown', '65532:65532', '/var/cache/app'])();
      assert.ok(!plain.notCarriedOver.some((line) => line.includes('chown')), plain.notCarriedOver.join('\n'));
    });

    it('lists the pid file the script wrote as not carried over', async () => {
      assert.deepEqual((await replaced('entrypoint-script')).notCarriedOver, ['the start-up script wrote /run/app/app.pid: what it wrote is not reproduced']);
    });

    it('runs python3 -u with the app, by the name PATH finds, else by its path', async () => {
      assert.deepEqual((await replaced('entrypoint-script')).argv, ['python3', '-u', '/usr/local/lib/app/app.py']);
      const noPath = await replaced('entrypoint-script', (input) => ({ manifest: withMain(input.manifest, { env: input.manifest.execution.main.env.filter((pair) => !pair.startsWith('PATH=')) }) }));
      assert.deepEqual(noPath.argv, ['/usr/bin/python3', '-u', '/usr/local/lib/app/app.py']);
    });

    describe('the app\'s arguments', () => {
      const argv = ['python3', '-u', '/usr/local/lib/app/app.py', '--port=8080', '8080', '--label=cost $5', '--greeting=hi$there'];
      const withArguments = (input: ReplacementInput): Partial<ReplacementInput> => ({
        manifest: withMain(input.manifest, { argv, env: [...input.manifest.execution.main.env, 'GREETING=hi$there'] }),
        scripts: withScript(input.scripts, (text) => text.replace('export PORT', 'export PORT\nexport GREETING="${GREETING:-hi$there}"')),
      });

      it('write a value of a variable the script defaulted and used as that variable, and a literal $ as $$', async () => {
        const replacement = await replaced('entrypoint-script', withArguments);
        assert.deepEqual(replacement.defaults, [{ name: 'PORT', value: '8080' }, { name: 'GREETING', value: 'hi$there' }]);
        assert.deepEqual(replacement.argv, ['python3', '-u', '/usr/local/lib/app/app.py', '--port=${PORT}', '${PORT}', '--label=cost $$5', '--greeting=${GREETING}']);
      });

      it('stay literal when the script never mentions the variable', async () => {
        const replacement = await replaced('entrypoint-script', (input) => {
          const changed = withArguments(input);
          return { ...changed, scripts: withScript(changed.scripts ?? input.scripts, (text) => text.replace(/.*PORT.*\n/g, '')) };
        });
        assert.deepEqual(replacement.argv.slice(3, 5), ['--port=8080', '8080']);
      });
    });
  });

  describe('nginx', () => {
    it('has nothing to replace: no drop, no steps, no variables, nothing left out', async () => {
      assert.deepEqual(await replaced('nginx'), {
        defaults: [],
        sets: [],
        unsets: [],
        fileEnv: [],
        required: [],
        steps: [],
        seeds: [],
        argv: ['nginx', '-g', 'daemon off;'],
        appIsPid1: false,
        carriedOver: [],
        notCarriedOver: [],
      });
    });
  });
});

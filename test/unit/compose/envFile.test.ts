import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvFile } from '../../../src/core/compose/envFile';
import { refusal, serviceSpec } from './composeCases';

describe('env_file', () => {
  describe("Compose's .env syntax", () => {
    it('skips comments and blank lines, trims unquoted values and cuts inline comments after a blank', () => {
      const text = '# settings\n\n   # indented comment\nA=plain value # comment\nB=VAL# not a comment\nC=\nD= # only a comment\nexport E=exported\nF = spaced\nG=#hash\nH=5$ and $1 and $$x\n';
      assert.deepEqual(parseEnvFile(text), {
        ok: true,
        entries: [['A', 'plain value'], ['B', 'VAL# not a comment'], ['C', ''], ['D', ''], ['E', 'exported'], ['F', 'spaced'], ['G', '#hash'], ['H', '5$ and $1 and $x']],
      });
    });

    it('keeps single-quoted values literal and unescapes double-quoted ones', () => {
      const text = `A='$HOME \\'q\\' \\n' # comment\nB="say \\"hi\\"\\t\\$HOME $$ \\\\ \\x"\nC="VAL # not a comment"\nD="two\nlines"\nE='x'\r\n`;
      assert.deepEqual(parseEnvFile(text), {
        ok: true,
        entries: [['A', "$HOME 'q' \\n"], ['B', 'say "hi"\t$HOME $ \\ \\x'], ['C', 'VAL # not a comment'], ['D', 'two\nlines'], ['E', 'x']],
      });
    });

    it('refuses what Compose would take from its own environment, naming the line', () => {
      assert.deepEqual(parseEnvFile('A=1\nTOKEN\n'), {
        ok: false,
        line: 2,
        problem: 'has TOKEN without a value, which Compose would copy from the environment it runs in and harden does not pass on: write TOKEN=value',
      });
      const variable = 'uses a variable in the value of URL, which Compose would interpolate and harden does not: write the value, or single-quote it to keep the $';
      assert.deepEqual(parseEnvFile('URL=http://$HOST/x'), { ok: false, line: 1, problem: variable });
      assert.deepEqual(parseEnvFile('\nURL="${HOST:-localhost}"'), { ok: false, line: 2, problem: variable });
      assert.deepEqual(parseEnvFile("URL='${HOST}'"), { ok: true, entries: [['URL', '${HOST}']] });
    });

    it('refuses malformed lines', () => {
      assert.deepEqual(parseEnvFile('A="open\nB=2\n'), { ok: false, line: 1, problem: 'has an unterminated quote in the value of A' });
      assert.deepEqual(parseEnvFile('A="x" y'), { ok: false, line: 1, problem: 'has text after the closing quote of A' });
      assert.deepEqual(parseEnvFile('A: b'), { ok: false, line: 1, problem: 'has ":" after A where = belongs' });
      assert.deepEqual(parseEnvFile('=x'), { ok: false, line: 1, problem: 'does not start with a variable name' });
    });

    it('takes every line verbatim in the raw format', () => {
      assert.deepEqual(parseEnvFile('# c\nA="q" $HOME # x\nB=\n', 'raw'), { ok: true, entries: [['A', '"q" $HOME # x'], ['B', '']] });
      assert.equal(parseEnvFile('A=1\nB\n', 'raw').ok, false);
    });
  });

  describe('as a service reads it', () => {
    const project = mkdtempSync(join(tmpdir(), 'harden-env-file-'));
    mkdirSync(join(project, 'config'));
    writeFileSync(join(project, 'config', 'base.env'), 'MODE=base\nLEVEL=1\n');
    writeFileSync(join(project, 'config', 'local.env'), 'LEVEL=2\n');
    writeFileSync(join(project, 'broken.env'), 'A=1\nB="open\n');
    const outside = mkdtempSync(join(tmpdir(), 'harden-env-outside-'));
    writeFileSync(join(outside, 'secrets.env'), 'TOKEN=from-the-host\n');
    symlinkSync(join(outside, 'secrets.env'), join(project, 'linked.env'));
    const read = (yaml: string) => serviceSpec(yaml, { project: { directory: project } });

    it('reads files relative to the Compose file, later files and then environment winning', () => {
      const spec = read('env_file: [config/base.env, ./config/local.env]\nenvironment: {MODE: compose}');
      assert.deepEqual(spec.env, ['MODE=compose', 'LEVEL=2']);
      assert.deepEqual(spec.envFiles.map((file) => file.path), [join(project, 'config', 'base.env'), join(project, 'config', 'local.env')]);
    });

    it('refuses a missing file, unless it is marked not required', () => {
      assert.equal(
        refusal(() => read('env_file: missing.env')),
        `services.app.env_file in compose.yaml names missing.env, which does not exist (${join(project, 'missing.env')}).`,
      );
      assert.deepEqual(read('env_file: [{path: missing.env, required: false}, {path: config/base.env, format: raw}]').env, ['MODE=base', 'LEVEL=1']);
    });

    it('names the file and the line of a syntax error', () => {
      assert.equal(refusal(() => read('env_file: [config/base.env, broken.env]')), 'services.app.env_file[1] in compose.yaml names broken.env, whose line 2 has an unterminated quote in the value of B.');
    });

    it('refuses what is not a regular file, which could block forever', () => {
      assert.equal(refusal(() => read('env_file: config')), 'services.app.env_file in compose.yaml names config, which is not a regular file.');
    });

    it('marks a file outside the Compose file\'s folder, links followed, as host data', () => {
      assert.deepEqual(read(`env_file: [config/base.env, linked.env, ${join(outside, 'secrets.env')}]`).envFiles.map((file) => file.outsideProject), [false, true, true]);
    });
  });
});

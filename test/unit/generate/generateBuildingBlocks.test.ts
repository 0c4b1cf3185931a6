import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { code, commandLine, htmlComment, plainText } from '../../../src/core/generate/markdownText';
import { serviceNameFromImage } from '../../../src/core/generate/serviceName';
import { dockerSize, humanBytes, kubernetesQuantity, parseDockerSize } from '../../../src/core/generate/sizeUnits';
import { parseTmpfsOptions, tmpfsOptionString } from '../../../src/core/generate/tmpfsOptions';

describe('generator building blocks', () => {
  it('names the service after the image repository', () => {
    const cases: Array<[string, string]> = [
      ['docker.io/library/nginx:1.25', 'nginx'],
      ['harden-fixture/volume-data:test', 'volume-data'],
      ['localhost:5000/team/My_App:latest', 'my-app'],
      ['ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'api'],
      ['sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'image-0123456789ab'],
      ['registry.example.com/a/b/web.server:2', 'web-server'],
      ['___', 'app'],
      [`${'x'.repeat(70)}-y`, 'x'.repeat(63)],
    ];
    for (const [reference, name] of cases) {
      assert.equal(serviceNameFromImage(reference), name, reference);
      assert.match(name, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
  });

  it('writes sizes in the units each tool reads', () => {
    assert.deepEqual([dockerSize(64 * 1024 ** 2), dockerSize(1536 * 1024), dockerSize(1000)], ['64m', '1536k', '1k']);
    assert.deepEqual([kubernetesQuantity(2 * 1024 ** 3), kubernetesQuantity(64 * 1024 ** 2), kubernetesQuantity(1536 * 1024)], ['2Gi', '64Mi', '1536Ki']);
    assert.deepEqual([humanBytes(512), humanBytes(1843), humanBytes(4404224)], ['512 B', '1.8 KiB', '4.2 MiB']);
    assert.deepEqual(['64m', '65536k', '1g', '100', '2MiB', 'lots'].map(parseDockerSize), [67108864, 67108864, 1073741824, 100, 2097152, undefined]);
  });

  it('writes and reads tmpfs options the same way', () => {
    const mount = { type: 'tmpfs' as const, mode: '1777', uid: 33, gid: 33, sizeBytes: 64 * 1024 ** 2, noexec: true };
    const options = tmpfsOptionString(mount);
    assert.equal(options, 'rw,noexec,nosuid,nodev,size=64m,mode=1777,uid=33,gid=33');
    assert.deepEqual(parseTmpfsOptions(options), { flags: ['rw', 'noexec', 'nosuid', 'nodev'], noexec: true, sizeBytes: 67108864, mode: '1777', uid: 33, gid: 33 });
    assert.equal(tmpfsOptionString({ ...mount, noexec: false, sizeBytes: 0 }), 'rw,nosuid,nodev,mode=1777,uid=33,gid=33');
    assert.equal(parseTmpfsOptions('noexec,exec').noexec, false);
  });

  it('quotes text for Markdown code spans and command lines', () => {
    assert.equal(code('a`b'), '`` a`b ``');
    assert.equal(code('x|y'), '`x\\|y`');
    assert.equal(commandLine(['nginx', '-g', 'daemon off;', "it's"]), `nginx -g 'daemon off;' 'it'\\''s'`);
  });

  it('keeps names with line breaks and control characters on one line, visibly escaped', () => {
    const name = '/srv/a\u0085b: c\nd|e`';
    assert.equal(plainText(name), '/srv/a\\\\x85b: c\\\\nd\\|e\\`');
    assert.equal(code(name), '`` /srv/a\\x85b: c\\nd\\|e` ``');
    assert.equal(htmlComment(`made by --out 'x--->y'\n<b>`), "<!-- made by - -out 'x- - ->y'\\n<b> -->");
    assert.equal(commandLine(['touch', 'a\u0085b', "it's\n"]), "touch $'a\\xc2\\x85b' $'it\\'s\\n'");
  });

  it('writes a command line that bash reads back as the same argv', function () {
    const argv = ['printf', '%s\\0', 'a\u0085b: x', "it's", 'line\nfeed', 'tab\there', 'bidi\u202eexe', '\\x41', ''];
    const result = spawnSync('bash', ['-c', commandLine(argv)], { encoding: 'utf8' });
    if (result.error) this.skip();
    assert.deepEqual(result.stdout.split('\0').slice(0, -1), argv.slice(2));
  });
});

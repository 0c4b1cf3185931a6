import { strict as assert } from 'node:assert';
import { assertBodyIncludes, engineBody, refusal, serviceSpec } from './composeCases';

describe('compose volumes', () => {
  const project = { directory: '/home/dev/shop', home: '/home/dev' };
  const volumes = (yaml: string, topLevel?: string) => serviceSpec(`volumes:\n${yaml}`, { project, topLevel }).volumes;

  it('resolves relative bind sources against the Compose file\'s folder and ~ against the home directory, as Compose does', () => {
    assert.deepEqual(
      volumes('  - ./html:/usr/share/nginx/html:ro\n  - ../shared:/shared\n  - .:/src\n  - ~/cache:/cache:rw,rslave,Z\n  - /etc/ssl/certs:/certs').map((volume) => [volume.source, volume.target]),
      [['/home/dev/shop/html', '/usr/share/nginx/html'], ['/home/dev/shared', '/shared'], ['/home/dev/shop', '/src'], ['/home/dev/cache', '/cache'], ['/etc/ssl/certs', '/certs']],
    );
    assert.deepEqual(volumes('  - {type: bind, source: ./conf, target: /etc/app, read_only: true}'), [
      { source: '/home/dev/shop/conf', target: '/etc/app', readOnly: true, kind: 'bind', createHostPath: false },
    ]);
  });

  it('binds the short syntax through Binds, which creates a missing source as Compose does, and the long one through Mounts', () => {
    const spec = serviceSpec('volumes:\n  - ./html:/html:ro,z\n  - {type: bind, source: /srv/conf, target: /conf, bind: {propagation: rslave}}\n  - {type: bind, source: ./made, target: /made, bind: {create_host_path: true}}', { project });
    assertBodyIncludes(engineBody(spec), {
      HostConfig: {
        Binds: ['/home/dev/shop/html:/html:ro,z', '/home/dev/shop/made:/made:rw'],
        Mounts: [{ Type: 'bind', Source: '/srv/conf', Target: '/conf', ReadOnly: false, BindOptions: { Propagation: 'rslave' } }],
      },
    });
  });

  it('gives every named and anonymous volume a fresh engine volume, with nocopy and subpath', () => {
    const spec = serviceSpec('volumes:\n  - /var/cache/app\n  - data:/var/lib/app:ro\n  - {type: volume, source: logs, target: /var/log/app, volume: {nocopy: true, subpath: app}}', {
      topLevel: 'volumes:\n  data:\n  logs: {name: shop-logs, labels: {team: stock}}\n',
    });
    assertBodyIncludes(engineBody(spec), {
      HostConfig: {
        Mounts: [
          { Type: 'volume', Source: 'verify-varcacheapp', Target: '/var/cache/app', ReadOnly: false },
          { Type: 'volume', Source: 'verify-data', Target: '/var/lib/app', ReadOnly: true },
          { Type: 'volume', Source: 'verify-logs', Target: '/var/log/app', ReadOnly: false, VolumeOptions: { NoCopy: true, Subpath: 'app' } },
        ],
      },
    });
  });

  it('reads tmpfs entries of the long syntax into the Engine\'s Tmpfs', () => {
    assert.deepEqual(serviceSpec('volumes: [{type: tmpfs, target: /run, tmpfs: {size: 1m, mode: 1777}}]').tmpfs, { '/run': 'size=1m,mode=1777' });
  });

  it('refuses, in one sentence, what it cannot reproduce', () => {
    const cases: Array<[string, string]> = [
      ['volumes: ["data:/data:nocache"]', 'services.app.volumes[0] in compose.yaml has the mode nocache, which harden does not know: use ro, rw, z, Z, nocopy or a propagation.'],
      ['volumes: ["./x:/x:nocopy"]', 'services.app.volumes[0] in compose.yaml sets nocopy on a bind mount.'],
      ['volumes: [{type: npipe, target: /x}]', 'services.app.volumes[0].type in compose.yaml must be volume, bind or tmpfs.'],
      ['volumes: [{type: bind, source: ./x, target: /x, bind: {selinux: z}}]', 'services.app.volumes[0].bind.selinux in compose.yaml is not an option harden knows here (it knows propagation, create_host_path): remove it or correct its spelling.'],
      ['volumes: [{type: volume, source: data, target: /x, volume: {nocopy: true, driver: nfs}}]', 'services.app.volumes[0].volume.driver in compose.yaml is not an option harden knows here (it knows nocopy, subpath): remove it or correct its spelling.'],
    ];
    for (const [yaml, sentence] of cases) assert.equal(refusal(() => serviceSpec(yaml, { topLevel: 'volumes: {data: {}}\n' })), sentence);
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImageIndex } from '../../../src/core/image/imageIndex';
import { isPackageDatabaseFile, readInstalledPackages, type InstalledPackage } from '../../../src/core/sbom/packageDatabase';
import { dir, file, symlink } from '../imageEntries';
import { loadDatabases, loadDistroless } from './recordedDatabases';

function byName(packages: InstalledPackage[], name: string): InstalledPackage {
  const found = packages.find((pkg) => pkg.name === name);
  assert.ok(found, `no package ${name} among ${packages.map((pkg) => pkg.name).join(', ')}`);
  return found;
}

describe('isPackageDatabaseFile', () => {
  it('chooses the databases and file lists the SBOM reads', () => {
    for (const path of [
      '/var/lib/dpkg/status',
      '/var/lib/dpkg/info/bash.list',
      '/var/lib/dpkg/info/libc6:amd64.list',
      '/var/lib/dpkg/status.d/base',
      '/var/lib/dpkg/status.d/base.md5sums',
      '/lib/apk/db/installed',
      '/usr/lib/apk/db/installed',
      '/usr/lib/python3/dist-packages/distro-1.8.0.dist-info/METADATA',
      '/usr/local/lib/python3.12/site-packages/flask-3.1.3.dist-info/RECORD',
      '/usr/lib/python3/dist-packages/docopt-0.6.2.egg-info/PKG-INFO',
    ]) {
      assert.ok(isPackageDatabaseFile(path), path);
    }
  });

  it('leaves everything else alone', () => {
    for (const path of [
      '/var/lib/dpkg/status-old',
      '/var/lib/dpkg/info/bash.md5sums',
      '/var/lib/dpkg/info/bash.postinst',
      '/var/lib/dpkg/info/sub/bash.list',
      '/usr/share/doc/bash/copyright',
      '/etc/apk/world',
      '/usr/lib/python3/dist-packages/distro-1.8.0.dist-info/WHEEL',
      '/usr/lib/python3/dist-packages/distro/distro.py',
      '/srv/app/METADATA',
    ]) {
      assert.ok(!isPackageDatabaseFile(path), path);
    }
  });

  it('chose every file of the recordings (the recording used it to read the image)', () => {
    for (const recording of [loadDatabases('redis'), loadDatabases('python'), loadDistroless()]) {
      for (const path of recording.files.keys()) assert.ok(isPackageDatabaseFile(path), path);
    }
  });
});

describe('readInstalledPackages: dpkg (recorded from harden-fixture/redis:test)', () => {
  const { files, index, osRelease } = loadDatabases('redis');
  const packages = readInstalledPackages(files, index, osRelease);

  it('lists the installed packages, not one removed with its configuration kept', () => {
    assert.match(files.get('/var/lib/dpkg/status') ?? '', /Package: nginx-common\nStatus: deinstall ok config-files\n/);
    assert.deepEqual(packages.map((pkg) => pkg.name).sort(), [
      'base-files', 'bash', 'coreutils', 'dash', 'libc6', 'redis-server', 'redis-tools', 'sysvinit-utils', 'usr-is-merged',
    ]);
  });

  it('names each by purl with the distribution from os-release', () => {
    const bash = byName(packages, 'bash');
    assert.equal(bash.purl, 'pkg:deb/debian/bash@5.2.15-2+b13?arch=amd64&distro=debian-12');
    assert.equal(byName(packages, 'redis-server').purl, 'pkg:deb/debian/redis-server@5:7.0.15-1~deb12u7?arch=amd64&distro=debian-12');
    assert.equal(byName(packages, 'usr-is-merged').architecture, 'all');
  });

  it('keeps the source package without the version dpkg adds in parentheses', () => {
    assert.equal(byName(packages, 'libc6').sourcePackage, 'glibc');
    assert.equal(byName(packages, 'bash').sourcePackage, 'bash'); // "Source: bash (5.2.15-2)"
    assert.equal(byName(packages, 'coreutils').sourcePackage, undefined);
  });

  it('places the files where usrmerge put them: dpkg lists /bin/bash, the image has /usr/bin/bash', () => {
    assert.match(files.get('/var/lib/dpkg/info/bash.list') ?? '', /^\/bin\/bash$/m);
    const bash = byName(packages, 'bash');
    assert.ok(bash.files.includes('/usr/bin/bash'));
    assert.ok(!bash.files.includes('/bin/bash'));
    assert.ok(bash.files.includes('/usr/bin/rbash'), 'a symlink the package ships is one of its files');
  });

  it('reads the list of a Multi-Arch: same package from <name>:<arch>.list', () => {
    const libc = byName(packages, 'libc6');
    assert.ok(libc.files.includes('/usr/lib/x86_64-linux-gnu/libc.so.6'));
    assert.ok(libc.files.includes('/usr/lib64/ld-linux-x86-64.so.2'), 'the /lib64 link resolved, the loader link itself kept');
  });

  it('lists no directories, not even those usrmerge turned into symlinks', () => {
    const all = packages.flatMap((pkg) => pkg.files);
    for (const directory of ['/', '/bin', '/lib', '/lib64', '/sbin', '/usr', '/usr/bin', '/etc', '/usr/share/doc/bash']) {
      assert.ok(!all.includes(directory), directory);
    }
    assert.ok(all.every((path) => index.get(path) !== undefined && index.get(path)?.type !== 'directory'));
  });

  it('without os-release, names the packages Debian’s and leaves out the distro', () => {
    const bash = byName(readInstalledPackages(files, index), 'bash');
    assert.equal(bash.purl, 'pkg:deb/debian/bash@5.2.15-2+b13?arch=amd64');
  });
});

describe('readInstalledPackages: distroless dpkg layout (status.d, recorded bash)', () => {
  it('reads the paragraph without a Status and the files from its md5sums', () => {
    const { files, index } = loadDistroless();
    const [bash, ...others] = readInstalledPackages(files, index);
    assert.equal(others.length, 0);
    assert.equal(bash.purl, 'pkg:deb/debian/bash@5.2.15-2+b13?arch=amd64');
    assert.ok(bash.files.includes('/usr/bin/bash'), 'md5sums says bin/bash');
    assert.ok(!bash.files.includes('/etc/bash.bashrc'), 'a conffile is in no md5sums');
  });
});

describe('readInstalledPackages: apk', () => {
  // Written by hand in the format of apk's installed database (apk-tools' documented fields, as
  // Alpine 3.20 writes them): no Alpine image is available offline to record one from.
  const installed = readFileSync(join(__dirname, '..', 'fixtures', 'apk', 'installed'), 'utf8');
  const index = ImageIndex.fromEntries([
    dir('/'),
    dir('/bin'),
    file('/bin/busybox', 0, 0, 0o755),
    symlink('/bin/sh', '/bin/busybox'),
    dir('/etc'),
    file('/etc/securetty'),
    dir('/etc/ssl'),
    symlink('/etc/ssl/cert.pem', 'certs/ca-certificates.crt'),
    dir('/etc/ssl/certs'),
    file('/etc/ssl/certs/ca-certificates.crt'),
    dir('/lib'),
    file('/lib/ld-musl-x86_64.so.1', 0, 0, 0o755),
    symlink('/lib/libc.musl-x86_64.so.1', 'ld-musl-x86_64.so.1'),
  ]);
  const alpine = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\n';

  it('reads name, version, arch, origin, license and the files present', () => {
    const packages = readInstalledPackages(new Map([['/lib/apk/db/installed', installed]]), index, alpine);
    assert.deepEqual(packages.map((pkg) => pkg.purl), [
      'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3',
      'pkg:apk/alpine/busybox@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3',
      'pkg:apk/alpine/busybox-binsh@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3',
      'pkg:apk/alpine/ca-certificates-bundle@20240705-r0?arch=x86_64&distro=alpine-3.20.3',
    ]);
    assert.deepEqual(byName(packages, 'musl').files, ['/lib/ld-musl-x86_64.so.1', '/lib/libc.musl-x86_64.so.1']);
    // udhcpd.conf, acpid and default.script are listed but not in this image.
    assert.deepEqual(byName(packages, 'busybox').files, ['/bin/busybox', '/etc/securetty']);
    assert.equal(byName(packages, 'busybox-binsh').sourcePackage, 'busybox');
    assert.equal(byName(packages, 'ca-certificates-bundle').license, 'MPL-2.0 AND MIT');
  });

  it('reads Wolfi’s database where it moved it', () => {
    const packages = readInstalledPackages(new Map([['/usr/lib/apk/db/installed', installed]]), index);
    assert.equal(byName(packages, 'musl').purl, 'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64');
  });
});

describe('readInstalledPackages: Python (recorded from a Debian host)', () => {
  const { files, index } = loadDatabases('python');
  const packages = readInstalledPackages(files, index);

  it('reads Debian’s dist-info and drops RECORD entries the image lacks', () => {
    const distro = byName(packages, 'distro');
    assert.equal(distro.purl, 'pkg:pypi/distro@1.8.0');
    assert.equal(distro.license, 'Apache License, Version 2.0');
    assert.ok(distro.files.includes('/usr/lib/python3/dist-packages/distro/distro.py'));
    assert.ok(!distro.files.some((path) => path.includes('scripts-3.10')), 'RECORD lists scripts-3.10/distro; Debian does not ship it');
  });

  it('resolves RECORD paths against the site directory, ../../../bin included', () => {
    const jsonpointer = byName(packages, 'jsonpointer');
    assert.ok(jsonpointer.files.includes('/root/.pyenv/versions/3.11.7/bin/jsonpointer'));
    assert.ok(jsonpointer.files.includes('/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/jsonpointer.py'));
  });

  it('prefers License-Expression and normalises the purl name', () => {
    const typingExtensions = byName(packages, 'typing_extensions');
    assert.equal(typingExtensions.license, 'PSF-2.0');
    assert.equal(typingExtensions.purl, 'pkg:pypi/typing-extensions@4.15.0');
  });

  it('reads an egg-info: PKG-INFO, and installed-files.txt relative to it', () => {
    const eggInfo = '/usr/lib/python3/dist-packages/docopt-0.6.2.egg-info';
    const eggFiles = new Map([
      [`${eggInfo}/PKG-INFO`, 'Metadata-Version: 1.1\nName: docopt\nVersion: 0.6.2\nLicense: MIT\n\nlong description\n'],
      [`${eggInfo}/installed-files.txt`, '../docopt.py\nPKG-INFO\n'],
    ]);
    const eggIndex = ImageIndex.fromEntries([
      ...['/', '/usr', '/usr/lib', '/usr/lib/python3', '/usr/lib/python3/dist-packages', eggInfo].map((path) => dir(path)),
      file(`${eggInfo}/PKG-INFO`),
      file('/usr/lib/python3/dist-packages/docopt.py'),
    ]);
    const [docopt] = readInstalledPackages(eggFiles, eggIndex);
    assert.equal(docopt.purl, 'pkg:pypi/docopt@0.6.2');
    assert.equal(docopt.license, 'MIT');
    assert.deepEqual(docopt.files, [`${eggInfo}/PKG-INFO`, '/usr/lib/python3/dist-packages/docopt.py']);
  });
});

import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { directoryContext, looksLikeArchive, shebangInterpreter } from '../../../src/core/dockerfile/buildContext';
import { lintDockerfile } from '../../../src/core/dockerfile/lintDockerfile';

describe('the build context', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'harden-context-'));
    mkdirSync(join(root, 'docker'));
    writeFileSync(join(root, 'docker', 'httpd-foreground'), '#!/bin/sh\nset -e\nexec httpd -DFOREGROUND "$@"\n');
    writeFileSync(join(root, 'docker', 'serve'), '#!/usr/bin/env python3\nprint("hi")\n');
    writeFileSync(join(root, 'vendor.bin'), gzipSync(Buffer.alloc(1024)));
    writeFileSync(join(root, 'notes'), 'plain text\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads heads of files inside it, never outside', () => {
    const context = directoryContext(join(root, 'docker'));
    assert.ok(context.head('httpd-foreground', 16));
    assert.equal(context.head('../notes', 16), undefined);
    assert.equal(context.head('/etc/passwd', 16), undefined);
    assert.equal(context.head('missing', 16), undefined);
    symlinkSync(join(root, 'notes'), join(root, 'docker', 'outside'));
    assert.equal(context.head('outside', 16), undefined, 'a symlink out of the context');
  });

  it('reads shebangs and archive magic numbers', () => {
    assert.equal(shebangInterpreter('#!/bin/sh -e\n'), '/bin/sh');
    assert.equal(shebangInterpreter('#!/usr/bin/env -S bash -eu\n'), 'bash');
    assert.equal(shebangInterpreter('echo\n'), undefined);
    assert.equal(looksLikeArchive(new Uint8Array(gzipSync(Buffer.from('x')))), true);
    assert.equal(looksLikeArchive(new TextEncoder().encode('#!/bin/sh')), false);
  });

  it('tells HX002 that an entrypoint without extension is a shell script, or is not', () => {
    const text = 'FROM httpd:2.4\nCOPY docker/httpd-foreground docker/serve /usr/local/bin/\nCMD ["httpd-foreground"]\n';
    const withContext = lintDockerfile(text, { buildContext: directoryContext(root) }).map((finding) => finding.ruleId);
    assert.ok(withContext.includes('HX002'));
    const python = text.replace('CMD ["httpd-foreground"]', 'CMD ["serve"]');
    assert.ok(!lintDockerfile(python, { buildContext: directoryContext(root) }).some((finding) => finding.ruleId === 'HX002'));
  });

  it('tells HX013 which ADD sources are archives ADD unpacks, and which are plain files COPY can take', () => {
    const context = directoryContext(root);
    const archive = lintDockerfile('FROM alpine\nADD vendor.bin /opt/\nUSER 1\n', { buildContext: context });
    assert.ok(!archive.some((finding) => finding.ruleId === 'HX013'));
    const plain = lintDockerfile('FROM alpine\nADD notes /opt/\nUSER 1\n', { buildContext: context }).find((finding) => finding.ruleId === 'HX013');
    assert.equal(plain?.fixes[0]?.safe, true);
    const unknown = lintDockerfile('FROM alpine\nADD notes /opt/\nUSER 1\n').find((finding) => finding.ruleId === 'HX013');
    assert.equal(unknown?.fixes[0]?.safe, false);
  });
});

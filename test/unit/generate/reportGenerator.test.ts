import { strict as assert } from 'node:assert';
import { generateReport } from '../../../src/core/generate/reportGenerator';
import { fixtureVariant } from './goldenFiles';

describe('report generator', () => {
  it('states the verdict in one line: paths, shell, user', () => {
    const nginx = generateReport(fixtureVariant('debian-nginx-root', () => {}));
    assert.match(nginx, /^\*\*Verdict:\*\* 3 writable paths; no shell ever executed; runs as root \(the master process needs root; .*\)\.$/m);
    const python = generateReport(fixtureVariant('python-app-nonroot', () => {}));
    assert.match(python, /^\*\*Verdict:\*\* 4 writable paths; shell executed: `\/bin\/sh`; runs as 10001:10001 \(/m);
    const noShell = generateReport(fixtureVariant('python-app-nonroot', (edit) => (edit.components = [])));
    assert.match(noShell, /; no shell in the image;/);
  });

  it('separates removable components from executed ones', () => {
    const report = generateReport(fixtureVariant('python-app-nonroot', () => {}));
    const [removable, executed] = report.split('Executed, so needed as the image stands:');
    assert.match(removable, /- `\/bin\/bash` \(bash, shell, 1\.2 MiB\): never executed; 0 opens/);
    assert.match(executed, /- `\/bin\/sh` \(dash, shell, 122\.6 KiB\): executed once/);
  });

  it('shows the exec chain with arrows and the main command as typed', () => {
    const report = generateReport(fixtureVariant('python-app-nonroot', () => {}));
    assert.match(report, /^Chain: `\/docker-entrypoint\.sh` \(`#!\/bin\/sh`\) → `\/usr\/local\/bin\/python3\.12`$/m);
    assert.match(generateReport(fixtureVariant('debian-nginx-root', () => {})), /Main command: `nginx -g 'daemon off;'`/);
  });

  it('points the next commands at the output directory', () => {
    const report = generateReport(fixtureVariant('debian-nginx-root', () => {}), { outputDir: 'out/nginx' });
    assert.match(report, /`harden verify out\/nginx`/);
    assert.match(report, /`docker compose -f out\/nginx\/compose\.hardened\.yaml up`/);
  });

  it('renders strings from the image as text, never as markup', () => {
    const manifest = fixtureVariant('python-app-nonroot', (edit) => {
      edit.warnings = ['<img src=x onerror=alert(1)> [link](http://x) *bold* | pipe'];
      edit.writablePaths[1].path = '/run/a|b`c';
    });
    const report = generateReport(manifest);
    assert.ok(report.includes('- \\<img src=x onerror=alert(1)\\> \\[link\\](http://x) \\*bold\\* \\| pipe'));
    assert.ok(report.includes('| `` /run/a\\|b`c `` | run |'));
    assert.doesNotMatch(report, /(?<!\\)<img/);
  });
});

import { strict as assert } from 'node:assert';
import { toPreviewState } from '../../../src/core/editor/previewState';
import { mountText } from '../../../src/core/manifest/mountText';
import { loadFixtureManifest } from '../generate/goldenFiles';

describe('manifest → PreviewState', () => {
  const nginx = loadFixtureManifest('debian-nginx-root');
  const python = loadFixtureManifest('python-app-nonroot');

  it('turns writable paths into rows with worded mounts and writers', () => {
    const state = toPreviewState(nginx, { manifestPath: '.harden/debian-nginx/manifest.yaml', generatedFiles: [] });
    assert.equal(state.manifestPath, '.harden/debian-nginx/manifest.yaml');
    assert.deepEqual(state.image, { reference: nginx.image.reference, id: nginx.image.id });
    const run = state.writablePaths.find((row) => row.path === '/run');
    assert.ok(run);
    assert.equal(run.kind, 'run');
    assert.equal(run.mount, 'tmpfs mode=0755 uid=0 gid=0 size=1m noexec');
    assert.deepEqual(run.writers, ['nginx (uid 0)']);
    assert.deepEqual(run.examples, ['/run/nginx.pid']);
    assert.equal(state.writablePaths.length, nginx.writablePaths.length);
  });

  it('words volumes with their name and whether the image seeds them', () => {
    const data = python.writablePaths.find((path) => path.mount.type === 'volume');
    assert.ok(data);
    assert.equal(mountText(data.mount), 'volume inventory-api-data');
    const seeded = structuredClone(data);
    if (seeded.mount.type === 'volume') seeded.mount.seededFromImage = true;
    assert.equal(mountText(seeded.mount), 'volume inventory-api-data (seeded from the image)');
  });

  it('keeps components with their executed flag, the user and the exec chain', () => {
    const state = toPreviewState(python, { manifestPath: 'm', generatedFiles: [] });
    assert.deepEqual(
      state.components.filter((component) => component.executed).map((component) => component.name),
      python.components.filter((component) => component.executed).map((component) => component.name),
    );
    assert.equal(state.runAs.nonRoot, true);
    assert.equal(state.runAs.user, `${python.runAs.uid}:${python.runAs.gid}`);
    assert.equal(state.execution.main.program, python.execution.main.program);
    assert.equal(state.execution.chain.length, python.execution.chain.length);
    assert.match(state.execution.main.user, /^\d+:\d+$/);
  });

  it('says root for a root app, passes generated files and the last verify through', () => {
    const lastVerify = { passed: false, verifiedAt: '2026-01-01T00:00:00Z', headline: 'Verify failed: 1 problem', problems: [{ kind: 'log', message: 'nginx was refused', phase: 'start' as const, title: 't', cause: 'c', fix: 'f' }], notes: [] };
    const generatedFiles = [{ path: 'compose.hardened.yaml', content: 'x', status: 'new' as const }];
    const state = toPreviewState(nginx, { manifestPath: 'm', generatedFiles, lastVerify });
    assert.equal(state.runAs.user, 'root');
    assert.deepEqual(state.generatedFiles, generatedFiles);
    assert.deepEqual(state.lastVerify, lastVerify);
    assert.ok(!('lastVerify' in toPreviewState(nginx, { manifestPath: 'm', generatedFiles: [] })));
  });

  it('is plain data: it survives postMessage (structured clone) unchanged', () => {
    const state = toPreviewState(python, { manifestPath: 'm', generatedFiles: [] });
    assert.deepEqual(structuredClone(state), state);
    assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
  });
});

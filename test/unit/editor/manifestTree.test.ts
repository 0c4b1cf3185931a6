import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { manifestTreeNodes, type ManifestEntry, type TreeNode } from '../../../src/core/editor/manifestTree';
import { manifestVerify } from '../../../src/core/editor/verifyResultView';
import { manifestStamp } from '../../../src/core/verify/manifestStamp';
import { loadFixtureManifest } from '../generate/goldenFiles';

const root = join('/work', 'app', '.harden');

function entry(name: string, overrides: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    manifestFile: join(root, name, 'manifest.yaml'),
    displayDir: `.harden/${name}`,
    manifest: loadFixtureManifest(name === 'nginx' ? 'debian-nginx-root' : 'python-app-nonroot'),
    files: ['manifest.yaml', 'compose.hardened.yaml', 'k8s/deployment-patch.yaml', 'report.md', 'verify-result.json'],
    ...overrides,
  };
}

function child(node: TreeNode, label: string): TreeNode {
  const found = node.children.find((candidate) => candidate.label === label);
  assert.ok(found, `no child "${label}" under "${node.label}": ${node.children.map((candidate) => candidate.label).join(', ')}`);
  return found;
}

/** The tree's reading of a verify-result.json with this content, beside the nginx manifest. */
function verifyOf(result: object): ManifestEntry['verify'] {
  return manifestVerify(entry('nginx').manifest, JSON.stringify(result));
}

describe('the Manifest Explorer tree', () => {
  it('lists one node per manifest, named by its image, sorted by folder, expanded when alone', () => {
    const nodes = manifestTreeNodes([entry('python'), entry('nginx')]);
    assert.deepEqual(nodes.map((node) => node.description), ['.harden/nginx', '.harden/python']);
    assert.equal(nodes[0].label, 'harden-fixture/debian-nginx:bookworm');
    assert.equal(nodes[0].contextValue, 'harden.manifest');
    assert.equal(nodes[0].opens, 'preview');
    assert.ok(!nodes[0].expanded);
    assert.ok(manifestTreeNodes([entry('nginx')])[0].expanded);
  });

  it('shows writable paths with an icon per kind', () => {
    const [nginx] = manifestTreeNodes([entry('nginx')]);
    const writable = child(nginx, 'Writable paths');
    assert.equal(writable.description, '3');
    assert.deepEqual(
      writable.children.map((node) => [node.label, node.icon]),
      [
        ['/run', 'kind-run'],
        ['/var/lib/nginx', 'kind-scratch'],
        ['/var/log/nginx', 'kind-log'],
      ],
    );
    assert.match(writable.children[0].description ?? '', /^run · tmpfs$/);
    assert.match(writable.children[0].tooltip ?? '', /pid file/);
  });

  it('names a volume in the description', () => {
    const [python] = manifestTreeNodes([entry('python')]);
    const data = child(python, 'Writable paths').children.find((node) => node.icon === 'kind-data');
    assert.ok(data);
    assert.equal(data.description, 'data · volume inventory-api-data');
  });

  it('lists only never-executed components as removable', () => {
    const [python] = manifestTreeNodes([entry('python')]);
    const removable = child(python, 'Removable components');
    const labels = removable.children.map((node) => node.label);
    assert.ok(labels.includes('bash'));
    assert.ok(!labels.includes('dash'), 'dash was executed');
    assert.ok(!labels.includes('python3.12'), 'python3.12 was executed');
  });

  it('lists generated files (not the manifest or the verify result), each opening its file', () => {
    const [nginx] = manifestTreeNodes([entry('nginx')]);
    const files = child(nginx, 'Generated files');
    assert.deepEqual(files.children.map((node) => node.label), ['compose.hardened.yaml', 'k8s/deployment-patch.yaml', 'report.md']);
    assert.equal(files.children[1].resource, join(root, 'nginx', 'k8s/deployment-patch.yaml'));
    assert.equal(files.children[1].contextValue, 'harden.file');
    assert.equal(files.children[1].opens, 'file');
  });

  it('shows the last verify: none, passed, failed with its problems, unreadable', () => {
    const label = (verify: ManifestEntry['verify']) => manifestTreeNodes([entry('nginx', { verify })])[0].children[3];
    assert.equal(label(undefined).label, 'Not verified yet');
    const passed = label(verifyOf({ passed: true, verifiedAt: '2026-11-29T00:32:27.122Z', problems: [], notes: [] }));
    assert.equal(passed.label, 'Last verify: passed');
    assert.equal(passed.icon, 'verify-passed');
    assert.equal(passed.description, '2026-11-29 00:32 UTC');
    const failed = label(verifyOf({ passed: false, verifiedAt: '2026-11-29T00:32:27Z', problems: [{ kind: 'log', message: 'the app logged: open() "/etc/x" failed (30: Read-only file system)' }], notes: ['a note'] }));
    assert.equal(failed.label, 'Last verify: failed (1 problem)');
    assert.ok(failed.expanded);
    assert.deepEqual(failed.children.map((node) => [node.icon, node.label]), [
      ['problem', 'The app logged a refusal'],
      ['note', 'a note'],
    ]);
    assert.match(failed.children[0].tooltip ?? '', /Cause: It logged: open\(\) "\/etc\/x" failed/);
    assert.equal(label({ error: 'not valid JSON' }).label, 'Last verify: unreadable');
  });

  it('shows how the image is profiled in one row that opens the settings flow: the settings file, else the manifest', () => {
    const row = (profileSettings?: ManifestEntry['profileSettings']) => child(manifestTreeNodes([entry('nginx', { profileSettings })])[0], 'Profile settings: ' + (profileSettings && !('error' in profileSettings) ? 'http:8094/ · as root' : 'http:80/'));
    const fromFile = row({ reference: 'harden-fixture/debian-nginx:bookworm', probes: [{ kind: 'http', port: 8094, path: '/' }], env: [], user: '' });
    assert.equal(fromFile.opens, 'profile-settings');
    assert.equal(fromFile.icon, 'settings');
    assert.equal(fromFile.resource, join(root, 'nginx', 'profile-settings.yaml'));
    assert.match(fromFile.tooltip ?? '', /from profile-settings\.yaml/);
    const fromManifest = row(undefined);
    assert.equal(fromManifest.resource, undefined);
    assert.match(fromManifest.tooltip ?? '', /from the manifest \(no profile-settings\.yaml yet\)/);
    const [unreadable] = manifestTreeNodes([entry('nginx', { profileSettings: { error: 'probe "udp:53" is not tcp:PORT' } })]);
    assert.match(child(unreadable, 'Profile settings: unreadable').tooltip ?? '', /udp:53/);
    // The settings file has its own row, not one among the generated files.
    const files = child(manifestTreeNodes([entry('nginx', { files: ['manifest.yaml', 'report.md', 'profile-settings.yaml'] })])[0], 'Generated files');
    assert.deepEqual(files.children.map((node) => node.label), ['report.md']);
  });

  it('shows a result stamped for another manifest (a new profile replaced it) as not verified; one of this manifest as its result', () => {
    const nginx = entry('nginx').manifest;
    assert.ok(nginx);
    const result = { passed: true, verifiedAt: '2026-11-29T00:32:27Z', problems: [], notes: [] };
    const stale = manifestTreeNodes([entry('nginx', { verify: verifyOf({ ...result, manifestStamp: '0123456789abcdef' }) })])[0].children[3];
    assert.equal(stale.label, 'Not verified yet');
    assert.match(stale.tooltip ?? '', /earlier manifest/);
    const current = manifestTreeNodes([entry('nginx', { verify: verifyOf({ ...result, manifestStamp: manifestStamp(nginx) }) })])[0].children[3];
    assert.equal(current.label, 'Last verify: passed');
  });

  it('shows a manifest that cannot be read as such, with the reason', () => {
    const [broken] = manifestTreeNodes([entry('nginx', { manifest: undefined, error: 'manifest.yaml has schemaVersion 9' })]);
    assert.equal(broken.icon, 'manifest-error');
    assert.equal(broken.contextValue, 'harden.manifest-invalid');
    assert.equal(broken.tooltip, 'manifest.yaml has schemaVersion 9');
    assert.deepEqual(broken.children, []);
  });

  it('gives every node a unique id', () => {
    const ids: string[] = [];
    const walk = (node: TreeNode): void => {
      ids.push(node.id);
      node.children.forEach(walk);
    };
    manifestTreeNodes([entry('nginx', { verify: verifyOf({ passed: false, verifiedAt: 'x', problems: [{ kind: 'a', message: 'same' }, { kind: 'a', message: 'same' }], notes: [] }) }), entry('python')]).forEach(walk);
    assert.equal(new Set(ids).size, ids.length);
  });
});

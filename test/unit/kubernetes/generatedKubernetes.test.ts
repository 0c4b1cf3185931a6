import { strict as assert } from 'node:assert';
import { parseDocument } from 'yaml';
import { CLAIMS_PATH, DEPLOYMENT_PATCH_PATH, generateKubernetes } from '../../../src/core/generate/kubernetesGenerator';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { assertKubernetesFiles, checkKubernetesFiles, type KubernetesFiles } from '../../kubernetes/kubernetesFiles';
import { validManifestFixtures, fixtureVariant } from '../generate/goldenFiles';
import { loadRecording, manifestFrom, recordedFacts, RECORDED_FIXTURES } from '../recordedFixture';

function kubernetesFiles(manifest: HardeningManifest): KubernetesFiles {
  const files = new Map(generateKubernetes(manifest).map((file) => [file.path, file.content]));
  return { patch: files.get(DEPLOYMENT_PATCH_PATH)!, claims: files.get(CLAIMS_PATH) };
}

/** The patch text with one edit to the first container, comments kept (they carry the restricted claims). */
function editedPatch(patch: string, edit: (container: Record<string, unknown>) => void): string {
  const document = parseDocument(patch);
  const container = document.getIn(['spec', 'template', 'spec', 'containers', 0]) as { toJSON(): Record<string, unknown> };
  const edited = container.toJSON();
  edit(edited);
  document.setIn(['spec', 'template', 'spec', 'containers', 0], document.createNode(edited));
  return document.toString();
}

describe('generated Kubernetes files, merged into a Deployment and checked against the Kubernetes schema', () => {
  describe('every manifest fixture', () => {
    for (const fixture of validManifestFixtures()) {
      it(`${fixture.name}: the merged Deployment and its claims are valid, and "restricted" is met exactly where the patch says so`, () => {
        assertKubernetesFiles(fixture.manifest, kubernetesFiles(fixture.manifest));
      });
    }
  });

  describe('every recorded profile of a fixture image', () => {
    for (const name of RECORDED_FIXTURES) {
      it(`${name}`, async () => {
        const recording = loadRecording(name);
        const manifest = manifestFrom(recording, await recordedFacts(recording));
        assertKubernetesFiles(manifest, kubernetesFiles(manifest));
      });
    }
  });

  it('keeps the image and the Deployment fields the patch does not touch', () => {
    const manifest = fixtureVariant('python-app-nonroot', () => {});
    const merged = assertKubernetesFiles(manifest, kubernetesFiles(manifest)) as {
      spec: { replicas: number; selector: unknown; template: { spec: { containers: Array<{ image: string }> } } };
    };
    assert.equal(merged.spec.replicas, 1);
    assert.deepEqual(merged.spec.selector, { matchLabels: { app: 'inventory-api' } });
    assert.deepEqual(merged.spec.template.spec.containers.map((container) => container.image), ['ghcr.io/acme/inventory-api:2.3.1']);
  });

  describe('each check can fail', () => {
    const manifest = fixtureVariant('python-app-nonroot', () => {});
    const valid = kubernetesFiles(manifest);
    const problems = (patch: string, claims = valid.claims): string[] => checkKubernetesFiles(manifest, { patch, claims }).problems;

    it('the schema: runAsUser as a string', () => {
      const patch = editedPatch(valid.patch, (container) => ((container.securityContext as Record<string, unknown>).runAsUser = '10001'));
      assert.deepEqual(problems(patch).filter((problem) => problem.startsWith('Deployment schema')), [
        'Deployment schema: data/spec/template/spec/containers/0/securityContext/runAsUser must be integer',
      ]);
    });

    it('the schema: a field Kubernetes does not know (a misspelt readOnlyRootFilesystem)', () => {
      const patch = editedPatch(valid.patch, (container) => {
        const context = container.securityContext as Record<string, unknown>;
        context.readOnlyRootFileSystem = context.readOnlyRootFilesystem;
        delete context.readOnlyRootFilesystem;
      });
      assert.deepEqual(problems(patch), [
        'Deployment schema: spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem is not a field of ISecurityContext',
        'the root filesystem is not read-only',
      ]);
    });

    it('the claims: a PVC with a malformed size', () => {
      assert.deepEqual(problems(valid.patch, valid.claims!.replace('storage: 1Gi', 'storage: one gigabyte')), [
        'PersistentVolumeClaim inventory-api-data schema: data/spec/resources/requests/storage must be number, data/spec/resources/requests/storage must match format "quantity", data/spec/resources/requests/storage must match exactly one schema in "oneOf"',
      ]);
    });

    it('the API server rules: a mount of a volume the pod does not have', () => {
      const patch = editedPatch(valid.patch, (container) => (container.volumeMounts as Array<{ name: string }>).push({ name: 'gone', mountPath: '/gone' } as never));
      assert.deepEqual(problems(patch), [
        'API server: container inventory-api mounts gone, which is not a volume of the pod',
        '/gone is mounted, but the manifest has no writable path there',
      ]);
    });

    it('"restricted": a patch that claims it but adds SYS_ADMIN', () => {
      const patch = editedPatch(valid.patch, (container) => ((container.securityContext as { capabilities: Record<string, unknown> }).capabilities.add = ['SYS_ADMIN']));
      assert.deepEqual(problems(patch), [
        'the patch says the pod meets Pod Security "restricted", but the merged pod fails: capabilities_restricted: inventory-api adds SYS_ADMIN',
        'capabilities.add is [SYS_ADMIN], the trace used []',
      ]);
    });

    it('"restricted": a patch that says a check is not met when it is', () => {
      const patch = `# Pod Security "restricted" (runAsNonRoot) is not met: a stale comment\n${valid.patch}`;
      assert.match(problems(patch).join('\n'), /says only runAsNonRoot of Pod Security "restricted" is not met, but the merged pod fails: nothing/);
    });

    it('the claims file: a claim the pod uses is missing', () => {
      assert.deepEqual(checkKubernetesFiles(manifest, { patch: valid.patch }).problems, ['the pod uses the claims inventory-api-data, and no claims file was written']);
    });

    it('the container name: a patch whose container name is not the Deployment\'s adds a second container', () => {
      const patch = editedPatch(valid.patch, (container) => (container.name = 'api'));
      assert.match(problems(patch).join('\n'), /API server: container api has no image/);
    });
  });
});

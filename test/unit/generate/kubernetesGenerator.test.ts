import { strict as assert } from 'node:assert';
import type { IPodSpec as PodSpec } from 'kubernetes-models/v1/PodSpec';
import { parse, parseAllDocuments } from 'yaml';
import { CLAIMS_PATH, DEPLOYMENT_PATCH_PATH, generateKubernetes } from '../../../src/core/generate/kubernetesGenerator';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { restrictedViolations } from '../../kubernetes/podSecurityRestricted';
import { fixtureVariant } from './goldenFiles';

function files(manifest: HardeningManifest): Map<string, string> {
  return new Map(generateKubernetes(manifest).map((file) => [file.path, file.content]));
}

function podSpec(manifest: HardeningManifest): PodSpec {
  return (parse(files(manifest).get(DEPLOYMENT_PATCH_PATH)!) as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
}

describe('kubernetes generator', () => {
  it('meets Pod Security "restricted" for the non-root app', () => {
    assert.deepEqual(restrictedViolations(podSpec(fixtureVariant('python-app-nonroot', () => {}))), []);
  });

  it('does not for root nginx, and says why on the fields', () => {
    const manifest = fixtureVariant('debian-nginx-root', () => {});
    assert.deepEqual(restrictedViolations(podSpec(manifest)), [
      'capabilities_restricted: debian-nginx adds CHOWN, SETUID, SETGID, KILL',
      'runAsNonRoot: debian-nginx may run as root',
    ]);
    const text = files(manifest).get(DEPLOYMENT_PATCH_PATH)!;
    assert.match(text, /# Pod Security "restricted" \(runAsNonRoot\) is not met: the app runs as root: the master process needs root/);
    assert.match(text, /# Pod Security "restricted" \(capabilities_restricted\) is not met: it allows adding only NET_BIND_SERVICE,\n\s+# and the trace shows the app using CHOWN, SETUID, SETGID, KILL\./);
  });

  it('has a checker that notices each restricted field', () => {
    const pod: PodSpec = {
      securityContext: { runAsUser: 0 },
      containers: [{ name: 'app', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } }],
      volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }],
    };
    assert.deepEqual(restrictedViolations(pod), [
      'runAsUser: pod runs as 0',
      'allowPrivilegeEscalation: app does not set false',
      'privileged: app is privileged',
      'capabilities_restricted: app does not drop ALL',
      'capabilities_restricted: app adds SYS_ADMIN',
      'runAsNonRoot: app may run as root',
      'seccompProfile_restricted: app has no RuntimeDefault or Localhost profile',
      'restrictedVolumes: docker is hostPath',
    ]);
  });

  it('adds NET_BIND_SERVICE without a restricted comment when it is the only capability', () => {
    const manifest = fixtureVariant('python-app-nonroot', (edit) => {
      edit.capabilities = [{ capability: 'NET_BIND_SERVICE', evidence: ['bind(0.0.0.0:443)'], count: 1 }];
    });
    assert.deepEqual(restrictedViolations(podSpec(manifest)), []);
    assert.doesNotMatch(files(manifest).get(DEPLOYMENT_PATCH_PATH)!, /capabilities_restricted/);
  });

  it('mounts every writable path once, with unique DNS-1123 volume names', () => {
    const manifest = fixtureVariant('python-app-nonroot', (edit) => {
      const clash = structuredClone(edit.writablePaths[1]);
      clash.path = '/run-app';
      edit.writablePaths.push(clash);
    });
    const pod = podSpec(manifest);
    const mounts = pod.containers[0].volumeMounts!;
    assert.deepEqual(mounts.map((mount) => mount.mountPath), manifest.writablePaths.map((path) => path.path));
    assert.deepEqual(mounts.map((mount) => mount.name), ['inventory-api-data', 'run-app', 'var-cache-app', 'tmp', 'run-app-2']);
    assert.deepEqual(pod.volumes!.map((volume) => volume.name), mounts.map((mount) => mount.name));
    assert.deepEqual(pod.volumes![3], { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } });
  });

  it('sets fsGroup only for a non-root app with a claim', () => {
    assert.equal(podSpec(fixtureVariant('python-app-nonroot', () => {})).securityContext?.fsGroup, 10001);
    const withoutData = fixtureVariant('python-app-nonroot', (edit) => edit.writablePaths.shift());
    assert.equal(podSpec(withoutData).securityContext?.fsGroup, undefined);
    assert.equal(podSpec(fixtureVariant('debian-nginx-root', () => {})).securityContext?.fsGroup, undefined);
  });

  it('writes one claim placeholder per data path, and none when there is no data path', () => {
    const claims = files(fixtureVariant('python-app-nonroot', () => {})).get(CLAIMS_PATH)!;
    const documents = parseAllDocuments(claims).map((document) => document.toJS() as Record<string, unknown>);
    assert.deepEqual(documents, [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'inventory-api-data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ]);
    assert.match(claims, /# Placeholders, one claim per data path/);
    assert.deepEqual([...files(fixtureVariant('debian-nginx-root', () => {})).keys()], [DEPLOYMENT_PATCH_PATH]);
  });

  it('says a claim seeded from the image must be filled by an init container or the app', () => {
    const seeded = fixtureVariant('python-app-nonroot', (edit) => Object.assign(edit.writablePaths[0].mount, { seededFromImage: true }));
    assert.match(files(seeded).get(DEPLOYMENT_PATCH_PATH)!, /A PVC starts empty, unlike a new Docker volume: copy the image's files at \/var\/lib\/app in with an init container, or let the app create them\./);
  });

  it('explains the missing init, and says nothing when the image has its own', () => {
    assert.match(files(fixtureVariant('debian-nginx-root', () => {})).get(DEPLOYMENT_PATCH_PATH)!, /Kubernetes has no `init: true`/);
    const withTini = fixtureVariant('debian-nginx-root', (edit) => (edit.execution.chain[0].program = '/usr/bin/tini'));
    assert.doesNotMatch(files(withTini).get(DEPLOYMENT_PATCH_PATH)!, /init: true/);
  });
});

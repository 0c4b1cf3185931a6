import { strict as assert } from 'node:assert';
import { strategicMerge, StrategicMergeError } from '../../kubernetes/strategicMerge';

/** What `kubectl patch --type strategic` makes of these (the API server's strategicpatch rules). */
describe('strategic merge of a Deployment patch', () => {
  const pod = (spec: Record<string, unknown>) => ({ spec: { template: { spec } } });

  it('merges containers by name, and maps inside them recursively', () => {
    const base = pod({ containers: [{ name: 'app', image: 'app:1', securityContext: { runAsUser: 1 } }, { name: 'sidecar', image: 'side:1' }] });
    const patch = pod({ containers: [{ name: 'app', securityContext: { readOnlyRootFilesystem: true } }] });
    assert.deepEqual(strategicMerge(base, patch), pod({
      containers: [{ name: 'app', image: 'app:1', securityContext: { runAsUser: 1, readOnlyRootFilesystem: true } }, { name: 'sidecar', image: 'side:1' }],
    }));
  });

  it('appends a container whose name the base does not have (a patch with the wrong name adds an imageless container)', () => {
    const merged = strategicMerge(pod({ containers: [{ name: 'web', image: 'app:1' }] }), pod({ containers: [{ name: 'app', securityContext: {} }] }));
    assert.deepEqual(merged, pod({ containers: [{ name: 'web', image: 'app:1' }, { name: 'app', securityContext: {} }] }));
  });

  it('merges volumes by name and volumeMounts by mountPath', () => {
    const base = pod({
      containers: [{ name: 'app', volumeMounts: [{ name: 'config', mountPath: '/etc/app' }, { name: 'old-tmp', mountPath: '/tmp' }] }],
      volumes: [{ name: 'config', configMap: { name: 'app' } }, { name: 'tmp', emptyDir: {} }],
    });
    const patch = pod({
      containers: [{ name: 'app', volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'run', mountPath: '/run' }] }],
      volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory' } }, { name: 'run', emptyDir: { medium: 'Memory' } }],
    });
    assert.deepEqual(strategicMerge(base, patch), pod({
      containers: [{ name: 'app', volumeMounts: [{ name: 'config', mountPath: '/etc/app' }, { name: 'tmp', mountPath: '/tmp' }, { name: 'run', mountPath: '/run' }] }],
      volumes: [{ name: 'config', configMap: { name: 'app' } }, { name: 'tmp', emptyDir: { medium: 'Memory' } }, { name: 'run', emptyDir: { medium: 'Memory' } }],
    }));
  });

  it('replaces lists without a merge key whole: capabilities.add and drop', () => {
    const base = pod({ containers: [{ name: 'app', securityContext: { capabilities: { add: ['SYS_ADMIN', 'NET_ADMIN'], drop: ['MKNOD'] } } }] });
    const patch = pod({ containers: [{ name: 'app', securityContext: { capabilities: { add: ['CHOWN'], drop: ['ALL'] } } }] });
    assert.deepEqual(strategicMerge(base, patch), patch);
  });

  it('merges labels as maps and deletes a key the patch sets to null', () => {
    const merged = strategicMerge({ metadata: { labels: { app: 'a', tier: 'web' }, annotations: { note: 'x' } } }, { metadata: { labels: { team: 't' }, annotations: null } });
    assert.deepEqual(merged, { metadata: { labels: { app: 'a', tier: 'web', team: 't' } } });
  });

  it('does not change its inputs', () => {
    const base = pod({ containers: [{ name: 'app', env: [{ name: 'A', value: '1' }] }] });
    const copy = structuredClone(base);
    strategicMerge(base, pod({ containers: [{ name: 'app', env: [{ name: 'A', value: '2' }] }] }));
    assert.deepEqual(base, copy);
  });

  it('refuses a list item without its merge key, and directives it does not implement', () => {
    assert.throws(() => strategicMerge(pod({ containers: [] }), pod({ containers: [{ image: 'x' }] })), StrategicMergeError);
    assert.throws(() => strategicMerge(pod({ volumes: [] }), pod({ $retainKeys: ['volumes'] })), /\$retainKeys is not supported/);
  });
});

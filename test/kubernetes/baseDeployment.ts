import type { JsonMap } from './strategicMerge';

/**
 * The Deployment a user has before applying the patch: what
 * `kubectl create deployment NAME --image=IMAGE` writes, with the container renamed to NAME as
 * the patch header asks. No securityContext and no volumes, so whatever the merged Deployment
 * holds of those came from the patch.
 */
export function baseDeployment(name: string, image: string): JsonMap {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name, image, resources: {} }] },
      },
    },
  };
}

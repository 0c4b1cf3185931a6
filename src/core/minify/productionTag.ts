/** A Docker image name with an optional tag, lower case, as `docker build -t` takes it (no registry port). */
const IMAGE_TAG = /^[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[\w][\w.-]{0,127})?$/;

/** Why `tag` cannot name the production image, one sentence; undefined when it can. */
export function productionTagProblem(tag: string): string | undefined {
  return IMAGE_TAG.test(tag) ? undefined : `${tag || 'An empty tag'}: not an image name (lower-case name, optional :tag).`;
}

/**
 * The tag the editor proposes for the production image of `reference`: the same name with `-prod`
 * and the same tag (`harden-fixture/nginx:test` → `harden-fixture/nginx-prod:test`), so the two
 * sort together and neither overwrites the other. An id or a name that makes no tag gives `app-prod`.
 */
export function defaultProductionTag(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? '';
  if (withoutDigest === '' || /^sha256:/.test(withoutDigest)) return 'app-prod:latest';
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const name = (hasTag ? withoutDigest.slice(0, colon) : withoutDigest).toLowerCase();
  const tag = hasTag ? withoutDigest.slice(colon + 1) : 'latest';
  const candidate = `${name}-prod:${tag}`;
  return productionTagProblem(candidate) === undefined ? candidate : 'app-prod:latest';
}

const DNS_LABEL_MAX_LENGTH = 63;

/**
 * A name for the app derived from its image reference: `docker.io/library/nginx:1.25` → `nginx`,
 * `harden-fixture/volume-data:test` → `volume-data`. It is a DNS-1123 label, so it serves as the
 * Compose service name, the Kubernetes container name and the `.harden/<name>/` directory.
 */
export function serviceNameFromImage(reference: string): string {
  const withoutDigest = reference.split('@')[0];
  const imageId = /^(?:sha256:)?([0-9a-f]{12,64})$/.exec(withoutDigest);
  if (imageId) return `image-${imageId[1].slice(0, 12)}`;
  const lastComponent = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const repository = lastComponent.split(':')[0];
  return toDnsLabel(repository) || 'app';
}

/** Lower-case letters, digits and inner dashes, at most 63 characters; '' when nothing is left. */
export function toDnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, DNS_LABEL_MAX_LENGTH)
    .replace(/-+$/, '');
}

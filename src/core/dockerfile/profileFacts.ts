import type { HardeningManifest, RunAsDecision } from '../manifest/manifestTypes';

/**
 * What a profile of the image a Dockerfile builds decided, handed to the linter so that a rule
 * which would otherwise guess (which uid to run as) says what the profile found instead.
 */
export interface ProfileFacts {
  /** The manifest, as the user would find it (workspace- or cwd-relative). */
  readonly manifestPath: string;
  /** The image reference profiled. */
  readonly reference: string;
  /** The image's own USER as the profile saw it (empty: root). */
  readonly imageUser: string;
  readonly runAs: RunAsDecision;
  /** Writable paths the image ships owned by the uid the profile runs the app as (`/var/lib/redis`). */
  readonly ownedPaths: readonly string[];
}

export function profileFactsOf(manifest: HardeningManifest, manifestPath: string): ProfileFacts {
  const { runAs } = manifest;
  const ownedPaths = manifest.writablePaths
    .filter((path) => runAs.nonRoot && runAs.uid !== 0 && path.imageContent.exists && path.imageContent.uid === runAs.uid)
    .map((path) => path.path);
  return { manifestPath, reference: manifest.image.reference, imageUser: manifest.image.user, runAs, ownedPaths };
}

/** `100:101, the owner of /var/lib/redis` or `65532:65532 (the trace shows nothing that needs root)`. */
export function profiledUserWithReason(facts: ProfileFacts): string {
  const { runAs } = facts;
  const user = `${runAs.uid}:${runAs.gid}`;
  if (facts.ownedPaths.length > 0) return `${user}, the owner of ${facts.ownedPaths.join(' and ')}`;
  return `${user} (${runAs.reason})`;
}

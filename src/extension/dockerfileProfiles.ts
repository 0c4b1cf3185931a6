import type * as vscode from 'vscode';
import { manifestForDockerfile, profileOfDockerfile } from '../core/editor/dockerfileLenses';
import { type ProfileFacts, profileFactsOf } from '../core/dockerfile/profileFacts';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import { DOCKERFILE_IMAGES_KEY } from './profileCommands';
import type { WorkspaceManifest, WorkspaceManifests } from './workspaceManifests';

export type ProfiledManifest = WorkspaceManifest & { manifest: HardeningManifest };

/**
 * The profile of the image a Dockerfile builds, for the code lens and for the linter alike, so the
 * two say the same thing: the manifest whose `image.build` names the Dockerfile, else the image
 * last profiled from it (workspaceState). A manifest that only looks related (its local tag or
 * directory name) gets a lens with its summary, but the linter does not follow it.
 */
export class DockerfileProfiles {
  readonly onDidChange: vscode.Event<void>;

  constructor(
    private readonly manifests: WorkspaceManifests,
    private readonly workspaceState: vscode.Memento,
  ) {
    this.onDidChange = manifests.onDidChange;
  }

  /** The profile lint follows: built from the Dockerfile, or last profiled from it. */
  async profileFor(dockerfile: vscode.Uri): Promise<ProfiledManifest | undefined> {
    const { candidates, remembered } = await this.candidates(dockerfile);
    return profileOfDockerfile(dockerfile.fsPath, candidates, remembered);
  }

  /** The profile, else a manifest that looks related (its local tag, its directory's name). */
  async manifestFor(dockerfile: vscode.Uri): Promise<ProfiledManifest | undefined> {
    const { candidates, remembered } = await this.candidates(dockerfile);
    return manifestForDockerfile(dockerfile.fsPath, candidates, remembered);
  }

  /** What the linter needs of the profile; the manifest is named by its workspace path. */
  async factsFor(dockerfile: vscode.Uri): Promise<ProfileFacts | undefined> {
    const profile = await this.profileFor(dockerfile);
    return profile ? profileFactsOf(profile.manifest, profile.relativePath) : undefined;
  }

  private async candidates(dockerfile: vscode.Uri): Promise<{ candidates: Array<ProfiledManifest & { manifestFile: string }>; remembered: string | undefined }> {
    if (dockerfile.scheme !== 'file') return { candidates: [], remembered: undefined };
    const candidates = (await this.manifests.all())
      .filter((candidate): candidate is ProfiledManifest => candidate.manifest !== undefined)
      .map((candidate) => ({ ...candidate, manifestFile: candidate.manifestUri.fsPath }));
    return { candidates, remembered: this.workspaceState.get<Record<string, string>>(DOCKERFILE_IMAGES_KEY, {})[dockerfile.toString()] };
  }
}

import type * as vscode from 'vscode';
import { manifestForDockerfile } from '../core/editor/dockerfileLenses';
import { type ProfileFacts, profileFactsOf } from '../core/dockerfile/profileFacts';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import { DOCKERFILE_IMAGES_KEY } from './profileCommands';
import type { WorkspaceManifest, WorkspaceManifests } from './workspaceManifests';

export type ProfiledManifest = WorkspaceManifest & { manifest: HardeningManifest };

/**
 * The profile of the image a Dockerfile builds, for the code lens and for the linter alike, so the
 * two say the same thing: the manifest whose `image.build` names the Dockerfile, else the image
 * last profiled from it (workspaceState), else its local tag or directory name.
 */
export class DockerfileProfiles {
  readonly onDidChange: vscode.Event<void>;

  constructor(
    private readonly manifests: WorkspaceManifests,
    private readonly workspaceState: vscode.Memento,
  ) {
    this.onDidChange = manifests.onDidChange;
  }

  async manifestFor(dockerfile: vscode.Uri): Promise<ProfiledManifest | undefined> {
    if (dockerfile.scheme !== 'file') return undefined;
    const candidates = (await this.manifests.all())
      .filter((candidate): candidate is ProfiledManifest => candidate.manifest !== undefined)
      .map((candidate) => ({ ...candidate, manifestFile: candidate.manifestUri.fsPath }));
    const remembered = this.workspaceState.get<Record<string, string>>(DOCKERFILE_IMAGES_KEY, {})[dockerfile.toString()];
    return manifestForDockerfile(dockerfile.fsPath, candidates, remembered);
  }

  /** What the linter needs of that profile; the manifest is named by its workspace path. */
  async factsFor(dockerfile: vscode.Uri): Promise<ProfileFacts | undefined> {
    const match = await this.manifestFor(dockerfile);
    return match ? profileFactsOf(match.manifest, match.relativePath) : undefined;
  }
}

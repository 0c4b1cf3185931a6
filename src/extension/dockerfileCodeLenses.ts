import * as vscode from 'vscode';
import { manifestForDockerfile, profileSummary, runtimeInstructions } from '../core/editor/dockerfileLenses';
import type { HardeningManifest } from '../core/manifest/manifestTypes';
import { DOCKERFILE_IMAGES_KEY } from './profileCommands';
import { toVscodeRange } from './dockerfileLint';
import type { WorkspaceManifest, WorkspaceManifests } from './workspaceManifests';

/**
 * On the final stage's FROM, ENTRYPOINT and CMD: "Profile & preview hardening", or — once a manifest
 * exists for the image — what it found ("5 writable paths · shell never executed"), opening the preview.
 */
export class DockerfileCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly manifests: WorkspaceManifests,
    private readonly workspaceState: vscode.Memento,
  ) {
    this.subscriptions = [manifests.onDidChange(() => this.changed.fire()), vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire())];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const instructions = runtimeInstructions(document.getText());
    if (instructions.length === 0) return [];
    const match = await this.manifestFor(document.uri);
    return instructions.flatMap(({ range }) => {
      const at = toVscodeRange({ start: range.start, end: range.start });
      if (match?.manifest) {
        return [
          new vscode.CodeLens(at, { title: profileSummary(match.manifest), command: 'harden.previewHardening', arguments: [match.manifestUri], tooltip: `Open the Hardening Preview of ${match.manifest.image.reference}` }),
          ...(vscode.workspace.isTrusted ? [new vscode.CodeLens(at, { title: 'Re-profile', command: 'harden.reprofile', arguments: [match.manifestUri] })] : []),
          // The production image is built from the final stage: its lens sits on that stage's FROM (always the first) only.
          ...(vscode.workspace.isTrusted && range === instructions[0]?.range
            ? [new vscode.CodeLens(at, { title: 'Build production image', command: 'harden.buildProductionImage', arguments: [match.manifestUri], tooltip: `Build a shell-less production image of ${match.manifest.image.reference} with only what the profile saw it use` })]
            : []),
        ];
      }
      if (!vscode.workspace.isTrusted) return [];
      return [new vscode.CodeLens(at, { title: 'Profile & preview hardening', command: 'harden.profileImage', arguments: [document.uri], tooltip: 'Build or pick the image, profile it, and open the Hardening Preview' })];
    });
  }

  private async manifestFor(dockerfile: vscode.Uri): Promise<(WorkspaceManifest & { manifest: HardeningManifest }) | undefined> {
    if (dockerfile.scheme !== 'file') return undefined;
    const candidates = (await this.manifests.all()).filter((candidate): candidate is WorkspaceManifest & { manifest: HardeningManifest } => candidate.manifest !== undefined);
    const remembered = this.workspaceState.get<Record<string, string>>(DOCKERFILE_IMAGES_KEY, {})[dockerfile.toString()];
    return manifestForDockerfile(dockerfile.fsPath, candidates, remembered);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

import * as vscode from 'vscode';
import { profileDecision, profileSummary, runAsDetail, runtimeInstructions } from '../core/editor/dockerfileLenses';
import type { DockerfileProfiles } from './dockerfileProfiles';
import { toVscodeRange } from './dockerfileLint';

/**
 * On the final stage's FROM, ENTRYPOINT and CMD: "Profile & preview hardening", or — once a manifest
 * exists for the image — what the profile decided ("runs as 100:101 · 1 writable path · verified",
 * the user HX004 proposes too) and what it found, opening the preview.
 */
export class DockerfileCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly profiles: DockerfileProfiles) {
    this.subscriptions = [profiles.onDidChange(() => this.changed.fire()), vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire())];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const instructions = runtimeInstructions(document.getText());
    if (instructions.length === 0) return [];
    const profile = await this.profiles.profileFor(document.uri);
    const match = profile ?? (await this.profiles.manifestFor(document.uri));
    return instructions.flatMap(({ range }) => {
      const at = toVscodeRange({ start: range.start, end: range.start });
      if (match?.manifest) {
        return [
          new vscode.CodeLens(at, {
            // Only the profile lint follows states a decision: the lens and HX004 never disagree.
            title: profile ? `Profile: ${profileDecision(match.manifest)}` : profileSummary(match.manifest),
            command: 'harden.previewHardening',
            arguments: [match.manifestUri],
            tooltip: `${match.manifest.image.reference} (${match.relativePath}) ${runAsDetail(match.manifest)}; ${profileSummary(match.manifest)}. Open the Hardening Preview.`,
          }),
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

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

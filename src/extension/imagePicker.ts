import { relative } from 'node:path';
import * as vscode from 'vscode';
import { localImageTag } from '../core/editor/dockerfileLenses';
import type { LocalImage } from '../core/editor/localImages';
import { humanBytes } from '../core/generate/sizeUnits';

export type ImageChoice =
  | { kind: 'image'; reference: string }
  /** A reference typed in the picker: pulled when the engine does not have it. */
  | { kind: 'typed'; reference: string }
  | { kind: 'build'; dockerfile: vscode.Uri; tag: string };

interface ChoiceItem extends vscode.QuickPickItem {
  choice?: ImageChoice;
}

/**
 * "Profile Image…": the engine's tagged images, newest first, led by "Build <Dockerfile> first"
 * for the Dockerfiles in view; a reference typed in the box is offered too (pulled if missing).
 * The picker opens at once and fills in when the engine has answered.
 */
export async function pickImage(loadImages: () => Promise<LocalImage[]>, dockerfiles: readonly vscode.Uri[]): Promise<ImageChoice | undefined> {
  const pick = vscode.window.createQuickPick<ChoiceItem>();
  pick.title = 'Harden: Profile Image';
  pick.placeholder = 'Pick a local image, build a Dockerfile first, or type an image reference';
  pick.matchOnDescription = true;
  const buildItems: ChoiceItem[] = dockerfiles.map((dockerfile) => {
    const tag = localImageTag(dockerfile.fsPath);
    return {
      label: `$(tools) Build ${displayPath(dockerfile)} first`,
      detail: `Builds it through the Docker Engine API as ${tag}, then profiles that image`,
      choice: { kind: 'build', dockerfile, tag },
    };
  });
  let base: ChoiceItem[] = buildItems;
  const showItems = (): void => {
    const reference = pick.value.trim();
    const known = base.some((item) => item.choice && 'reference' in item.choice && item.choice.reference === reference);
    const typed: ChoiceItem[] =
      reference === '' || known || /\s/.test(reference)
        ? []
        : [{ label: `$(cloud-download) ${reference}`, description: 'profile this reference (pulled when the engine does not have it)', alwaysShow: true, choice: { kind: 'typed', reference } }];
    pick.items = [...typed, ...base];
  };
  const chosen = new Promise<ImageChoice | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.choice);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
  });
  pick.onDidChangeValue(showItems);
  pick.busy = true;
  showItems();
  pick.show();
  try {
    const images = await loadImages();
    base = [
      ...(buildItems.length > 0 ? [{ label: 'Dockerfiles', kind: vscode.QuickPickItemKind.Separator } as ChoiceItem, ...buildItems] : []),
      { label: 'Local images', kind: vscode.QuickPickItemKind.Separator } as ChoiceItem,
      ...images.map((image) => ({
        label: image.reference,
        description: `${image.id.replace(/^sha256:/, '').slice(0, 12)} · ${humanBytes(image.sizeBytes)} · ${new Date(image.created * 1000).toISOString().slice(0, 10)}`,
        choice: { kind: 'image', reference: image.reference } as ImageChoice,
      })),
    ];
    pick.busy = false;
    showItems();
  } catch (error) {
    pick.dispose();
    throw error;
  }
  return chosen;
}

function displayPath(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? relative(folder.uri.fsPath, uri.fsPath) : uri.fsPath;
}

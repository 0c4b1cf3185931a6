import * as vscode from 'vscode';
import { manifestTreeNodes, type TreeIcon, type TreeNode } from '../core/editor/manifestTree';
import type { WorkspaceManifests } from './workspaceManifests';

const ICONS: Record<TreeIcon, [string, string?]> = {
  manifest: ['shield'],
  'manifest-error': ['warning', 'problemsWarningIcon.foreground'],
  'kind-data': ['database', 'charts.purple'],
  'kind-run': ['pulse', 'charts.blue'],
  'kind-cache': ['archive', 'charts.yellow'],
  'kind-log': ['output', 'charts.green'],
  'kind-scratch': ['beaker', 'charts.orange'],
  'group-writable': ['unlock'],
  'group-components': ['package'],
  'group-files': ['files'],
  component: ['trash'],
  file: ['file'],
  'file-edited': ['diff-modified', 'gitDecoration.modifiedResourceForeground'],
  'verify-passed': ['pass', 'testing.iconPassed'],
  'verify-failed': ['error', 'testing.iconFailed'],
  'verify-none': ['circle-outline'],
  problem: ['warning', 'problemsWarningIcon.foreground'],
  note: ['info'],
  settings: ['settings-gear'],
  rounds: ['history'],
};

/** The Manifest Explorer view: the tree model from core, drawn with theme icons. */
export class ManifestTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manifests: WorkspaceManifests) {
    this.subscription = manifests.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.children;
    return manifestTreeNodes((await this.manifests.all()).map((manifest) => manifest.entry));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const collapsible =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    const [icon, color] = ICONS[node.icon];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    if (node.resource) item.resourceUri = vscode.Uri.file(node.resource);
    if (node.opens === 'preview') {
      item.command = { command: 'harden.previewHardening', title: 'Open Preview', arguments: [vscode.Uri.file(node.manifestFile)] };
    } else if (node.opens === 'profile-settings') {
      item.command = { command: 'harden.editProfileSettings', title: 'Profile Settings…', arguments: [vscode.Uri.file(node.manifestFile)] };
    } else if (node.opens === 'file' && node.resource) {
      item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.resource)] };
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

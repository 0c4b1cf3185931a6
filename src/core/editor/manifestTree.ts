import { dirname, join } from 'node:path';
import { humanBytes } from '../generate/sizeUnits';
import type { HardeningManifest, WritableKind } from '../manifest/manifestTypes';
import { VERIFY_RESULT_FILE } from '../verify/verifyResultFile';
import { PROFILE_SETTINGS_FILE, profileSettingsSummary, type ProfileSettings } from '../profile/profileSettings';
import { requestFromManifest } from './profileRequest';
import type { FolderFile } from '../output/writtenFiles';
import { generatedFileList, manifestEdited } from './generatedFileList';
import type { ManifestVerify } from './verifyResultView';
import { mountText } from '../manifest/mountText';

/** A manifest found in the workspace, with what lies beside it. */
export interface ManifestEntry {
  /** Absolute path of the manifest.yaml. */
  manifestFile: string;
  /** How the tree names its folder: `.harden/notes`, or `api: .harden/notes` in a multi-root workspace. */
  displayDir: string;
  manifest?: HardeningManifest;
  /** Why the manifest could not be read. */
  error?: string;
  /** Files beside the manifest, relative to its directory (`k8s/deployment-patch.yaml`). */
  files: string[];
  /** What harden recorded writing there (written-files.json), each as it is now; undefined without a record. */
  recorded?: FolderFile[];
  verify?: ManifestVerify;
  /** The profile-settings.yaml beside the manifest, when there is one. */
  profileSettings?: ProfileSettings | { error: string };
}

export type TreeIcon =
  | 'manifest'
  | 'manifest-error'
  | `kind-${WritableKind}`
  | 'group-writable'
  | 'group-components'
  | 'group-files'
  | 'component'
  | 'file'
  | 'file-edited'
  | 'verify-passed'
  | 'verify-failed'
  | 'verify-none'
  | 'problem'
  | 'note'
  | 'settings'
  | 'rounds';

/** `harden.manifest` and `harden.file` carry the context menu (package.json `viewItem`). */
export type TreeContext = 'harden.manifest' | 'harden.manifest-invalid' | 'harden.file' | 'harden.file-edited' | 'harden.group' | 'harden.detail';

export interface TreeNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: TreeIcon;
  contextValue: TreeContext;
  children: TreeNode[];
  expanded?: boolean;
  /** The manifest the node belongs to (absolute path). */
  manifestFile: string;
  /** The file the node stands for (absolute path): what Reveal in Explorer and a click open. */
  resource?: string;
  /** A click opens the Hardening Preview (manifest nodes), the file, or the profile settings flow. */
  opens?: 'preview' | 'file' | 'profile-settings';
}

/** The Manifest Explorer: manifest (named by its image) → writable paths, removable components, generated files, last verify. */
export function manifestTreeNodes(entries: readonly ManifestEntry[]): TreeNode[] {
  const sorted = [...entries].sort((a, b) => a.displayDir.localeCompare(b.displayDir));
  return sorted.map((entry) => manifestNode(entry, sorted.length === 1));
}

function manifestNode(entry: ManifestEntry, only: boolean): TreeNode {
  const base = { manifestFile: entry.manifestFile, resource: entry.manifestFile };
  const { manifest } = entry;
  if (!manifest) {
    return {
      ...base,
      id: entry.manifestFile,
      label: entry.displayDir,
      description: 'cannot be read',
      tooltip: entry.error,
      icon: 'manifest-error',
      contextValue: 'harden.manifest-invalid',
      children: [],
      opens: 'file',
    };
  }
  const runsAs = manifest.runAs.nonRoot ? `uid ${manifest.runAs.uid}` : 'root';
  return {
    ...base,
    id: entry.manifestFile,
    label: manifest.image.reference,
    description: manifestEdited(entry.recorded) ? `${entry.displayDir} · manifest edited` : entry.displayDir,
    tooltip: [
      `${manifest.image.reference} (${manifest.image.id.slice(0, 19)})`,
      `Profiled ${manifest.profile.startedAt} with harden ${manifest.generator.version}`,
      `Runs as ${runsAs}: ${manifest.runAs.reason}`,
    ].join('\n'),
    icon: 'manifest',
    contextValue: 'harden.manifest',
    expanded: only,
    opens: 'preview',
    children: [writableGroup(entry, manifest), componentsGroup(entry, manifest), filesGroup(entry), verifyNode(entry), ...roundsNode(entry, manifest), profileSettingsNode(entry, manifest)],
  };
}

/** How the image is profiled, in short; a click edits it (harden.editProfileSettings). */
function profileSettingsNode(entry: ManifestEntry, manifest: HardeningManifest): TreeNode {
  const base = { id: `${entry.manifestFile}#profile-settings`, manifestFile: entry.manifestFile, icon: 'settings' as const, contextValue: 'harden.detail' as const, opens: 'profile-settings' as const, children: [] };
  const { profileSettings } = entry;
  if (profileSettings && 'error' in profileSettings) {
    return { ...base, label: 'Profile settings: unreadable', tooltip: `${PROFILE_SETTINGS_FILE}: ${profileSettings.error}\nClick to set them again.` };
  }
  const settings = profileSettings ?? requestFromManifest(manifest);
  const source = profileSettings ? PROFILE_SETTINGS_FILE : 'the manifest (no profile-settings.yaml yet)';
  return {
    ...base,
    label: `Profile settings: ${profileSettingsSummary(settings)}`,
    tooltip: `How ${settings.reference} is profiled, from ${source}. Click to change the probes, duration, command, environment or user.`,
    ...(profileSettings ? { resource: join(dirname(entry.manifestFile), PROFILE_SETTINGS_FILE) } : {}),
  };
}

function writableGroup(entry: ManifestEntry, manifest: HardeningManifest): TreeNode {
  const id = `${entry.manifestFile}#writable`;
  return {
    id,
    manifestFile: entry.manifestFile,
    label: 'Writable paths',
    description: String(manifest.writablePaths.length),
    icon: 'group-writable',
    contextValue: 'harden.group',
    expanded: true,
    children: manifest.writablePaths.map((path) => ({
      id: `${id}/${path.path}`,
      manifestFile: entry.manifestFile,
      label: path.path,
      description: `${path.kind} · ${path.mount.type === 'volume' ? `volume ${path.mount.name}` : 'tmpfs'}`,
      tooltip: [
        `${path.path}: ${path.kind}`,
        path.reason,
        mountText(path.mount),
        `${path.evidence.files} file(s), ${humanBytes(path.evidence.bytes)} written${path.evidence.examples.length > 0 ? `, e.g. ${path.evidence.examples[0]}` : ''}`,
      ].join('\n'),
      icon: `kind-${path.kind}` as const,
      contextValue: 'harden.detail' as const,
      children: [],
    })),
  };
}

function componentsGroup(entry: ManifestEntry, manifest: HardeningManifest): TreeNode {
  const id = `${entry.manifestFile}#components`;
  const removable = manifest.components.filter((component) => !component.executed);
  return {
    id,
    manifestFile: entry.manifestFile,
    label: 'Removable components',
    description: `${removable.length} never executed`,
    tooltip: 'Shells, package managers and tools the image ships that the profile never saw run: candidates to remove from the final image.',
    icon: 'group-components',
    contextValue: 'harden.group',
    children: removable.map((component) => ({
      id: `${id}/${component.path}`,
      manifestFile: entry.manifestFile,
      label: component.name,
      description: `${component.category} · ${humanBytes(component.sizeBytes)}`,
      tooltip: `${component.path}\n${component.evidence}`,
      icon: 'component' as const,
      contextValue: 'harden.detail' as const,
      children: [],
    })),
  };
}

function filesGroup(entry: ManifestEntry): TreeNode {
  const id = `${entry.manifestFile}#files`;
  const files = generatedFileList(entry.files, entry.recorded);
  const edited = files.filter((file) => file.status === 'edited').length;
  return {
    id,
    manifestFile: entry.manifestFile,
    label: 'Generated files',
    description: edited > 0 ? `${files.length} · ${edited} edited` : String(files.length),
    icon: 'group-files',
    contextValue: 'harden.group',
    children: files.map((file) => ({
      id: `${id}/${file.path}`,
      manifestFile: entry.manifestFile,
      label: file.path,
      ...(file.status === 'edited' || file.status === 'missing' ? { description: file.status } : {}),
      tooltip: FILE_STATUS_TEXT[file.status],
      icon: file.status === 'edited' ? ('file-edited' as const) : ('file' as const),
      contextValue: file.status === 'edited' ? ('harden.file-edited' as const) : ('harden.file' as const),
      resource: join(dirname(entry.manifestFile), file.path),
      opens: 'file' as const,
      children: [],
    })),
  };
}

const FILE_STATUS_TEXT: Record<ReturnType<typeof generatedFileList>[number]['status'], string> = {
  generated: 'As harden wrote it.',
  edited: 'Edited by hand since harden wrote it: harden asks (showing the changes) before it writes this file again.',
  missing: 'Harden wrote it; it is gone now.',
  unknown: 'Written by a harden that kept no record of its files.',
};

function verifyNode(entry: ManifestEntry): TreeNode {
  const id = `${entry.manifestFile}#verify`;
  const base = { id, manifestFile: entry.manifestFile, contextValue: 'harden.detail' as const };
  const { verify } = entry;
  if (!verify || 'stale' in verify) {
    const tooltip = verify ? 'The last verify was of an earlier manifest (a new profile or a fix replaced it). Run Verify again.' : 'Run Verify to start the image with the hardened settings and replay the probes.';
    return { ...base, label: 'Not verified yet', tooltip, icon: 'verify-none', children: [] };
  }
  if ('error' in verify) {
    return { ...base, label: 'Last verify: unreadable', tooltip: `${VERIFY_RESULT_FILE}: ${verify.error}`, icon: 'verify-failed', children: [] };
  }
  const { view } = verify;
  // A new result is a new node, so it opens as `expanded` says (the editor keeps an old node's state).
  const resultId = `${id}/${view.verifiedAt}`;
  const resource = join(dirname(entry.manifestFile), VERIFY_RESULT_FILE);
  const when = view.verifiedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const details: TreeNode[] = [
    ...view.problems.map((problem, index) => ({
      ...base,
      id: `${resultId}/problem/${index}`,
      label: problem.title,
      description: `at ${problem.phase}${problem.action ? ` · fix: ${problem.action.label}` : ''}`,
      tooltip: [problem.title, `Cause: ${problem.cause}`, `Fix: ${problem.fix}`, `(${problem.kind}: ${problem.message})`].join('\n'),
      icon: 'problem' as const,
      children: [],
    })),
    ...view.notes.map((note, index) => ({ ...base, id: `${resultId}/note/${index}`, label: note, tooltip: note, icon: 'note' as const, children: [] })),
  ];
  return {
    ...base,
    id: resultId,
    label: view.passed ? 'Last verify: passed' : `Last verify: failed (${view.problems.length} problem${view.problems.length === 1 ? '' : 's'})`,
    description: when,
    tooltip: `${view.headline} (${when}).`,
    icon: view.passed ? 'verify-passed' : 'verify-failed',
    expanded: !view.passed,
    resource,
    opens: 'file',
    children: details,
  };
}

/** The verify rounds the profile needed (and any fix since), each with what it learned. */
function roundsNode(entry: ManifestEntry, manifest: HardeningManifest): TreeNode[] {
  const rounds = manifest.verification?.rounds ?? [];
  if (rounds.length === 0) return [];
  const id = `${entry.manifestFile}#rounds`;
  const base = { manifestFile: entry.manifestFile, contextValue: 'harden.detail' as const };
  return [
    {
      ...base,
      id,
      label: 'Verify rounds',
      description: String(rounds.length),
      tooltip: 'Each time the profile (or a fix) ran the hardened configuration, and what the failure taught it.',
      icon: 'rounds',
      children: rounds.map((round) => {
        const learned = round.learned.map((line) => line.replace(/^round \d+: /, ''));
        const summary = round.passed ? 'passed' : learned.length > 0 ? `failed; ${learned.join('; ')}` : 'failed; learned nothing';
        return { ...base, id: `${id}/${round.round}`, label: `Round ${round.round}: ${round.passed ? 'passed' : 'failed'}`, description: learned.join('; '), tooltip: [summary, ...round.problems].join('\n'), icon: round.passed ? ('verify-passed' as const) : ('verify-failed' as const), children: [] };
      }),
    },
  ];
}

/**
 * The one message protocol between the extension host and the Hardening Preview webview.
 * Types only: imported by both sides (src/extension and webview/), bundled separately.
 *
 * Handshake: the webview posts `ready` once its script runs; only then does the host post `state`
 * (and again after every change). The webview persists UI state only (PreviewUiState, through
 * getState/setState); after a reload it posts `ready` again and the host re-sends the data.
 */

export type WritableKindView = 'data' | 'run' | 'cache' | 'log' | 'scratch';

export interface WritablePathRow {
  path: string;
  kind: WritableKindView;
  /** `tmpfs mode=1777 uid=0 gid=0 size=64m noexec` or `volume notes-data (seeded from the image)`. */
  mount: string;
  /** Why this kind, one sentence. */
  reason: string;
  /** Programs that wrote, e.g. `nginx (uid 33)`. */
  writers: string[];
  files: number;
  bytes: number;
  /** A few example paths written below it. Untrusted text (file names from the image). */
  examples: string[];
}

export interface ComponentRow {
  name: string;
  path: string;
  category: 'shell' | 'package-manager' | 'network-tool' | 'debug-tool' | 'interpreter';
  executed: boolean;
  evidence: string;
  sizeBytes: number;
}

export interface ExecStepView {
  program: string;
  argv: string[];
  /** The `#!` interpreter when the program is a script. */
  interpreter?: string;
  user: string;
}

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface GeneratedFileView {
  /** Where Apply writes it, relative to the workspace folder. */
  path: string;
  content: string;
  /** new: nothing there yet; same: identical; changed: differs (see diff); conflict: the user edited it. */
  status: 'new' | 'same' | 'changed';
  /** Line diff against the file in the workspace (only when status is `changed`). */
  diff?: DiffLine[];
}

export interface VerifyProblemView {
  kind: string;
  message: string;
  /** When it showed: starting, answering the probes, stopping, starting again on the same volumes. */
  phase: 'start' | 'probe' | 'stop' | 'restart';
  /** What happened, why and what to do, in plain words. */
  title: string;
  cause: string;
  fix: string;
  /** The button of a fix harden can make itself (edits the manifest, regenerates, verifies again). */
  action?: { label: string; changes: string[] };
}

export interface VerifyResultView {
  passed: boolean;
  verifiedAt: string;
  /** One line: passed, failed, or worked but failed at shutdown. */
  headline: string;
  problems: VerifyProblemView[];
  notes: string[];
  /** The manifest verified (manifestStamp): a result of another manifest is never shown as this one's. */
  manifestStamp?: string;
}

/** A file harden generated into `.harden/<service>/`: as written, edited by hand since, missing, or (older folders) unknown. */
export interface HardenFileView {
  path: string;
  status: 'generated' | 'edited' | 'missing' | 'unknown';
}

/** One verify round of the profile (or of a fix), and what it changed. */
export interface VerifyRoundView {
  round: number;
  passed: boolean;
  problems: string[];
  learned: string[];
}

export interface PreviewState {
  /** Workspace-relative path of the manifest shown. */
  manifestPath: string;
  image: { reference: string; id: string };
  runAs: { user: string; nonRoot: boolean; reason: string };
  capabilities: Array<{ capability: string; evidence: string }>;
  writablePaths: WritablePathRow[];
  components: ComponentRow[];
  execution: { chain: ExecStepView[]; main: ExecStepView & { env: string[]; workingDir: string } };
  generatedFiles: GeneratedFileView[];
  warnings: string[];
  lastVerify?: VerifyResultView;
  /** The shell-less production image (`harden minify`, "Build Production Image"); absent from older hosts. */
  production?: ProductionImageView;
  /** manifestStamp of the manifest shown: a `verifyResult` with another stamp is of an older manifest. */
  manifestStamp: string;
  /** The verify rounds the profile (and any fix since) needed, oldest first. */
  verifyRounds: VerifyRoundView[];
  /** `.harden/<service>` (workspace-relative) and the files harden generated there, as the Manifest Explorer lists them. */
  hardenDir: string;
  hardenFiles: HardenFileView[];
}

/** The init's configuration as prod/init.conf holds it, worded for the preview. */
export interface InitConfigurationView {
  /** `drops to 999:999 (groups 999)` when the init drops privileges; absent: it stays the starting user. */
  userDrop?: string;
  /** Variables that must be set, or the container exits 78. */
  required: string[];
  /** `NAME=value` defaults (and `set`/`unset` lines, worded). */
  environment: string[];
  /** `mkdir /run/app 0755 999:999`, …: what the init does before the app starts. */
  steps: string[];
  /** `/data ← /.harden/seed/data`: data paths filled on first start. */
  seeds: string[];
  exec: string[];
  appIsPid1: boolean;
}

export interface ProductionImageView {
  /** Set when prod/ and compose.prod.yaml exist and match this manifest's profile. */
  built?: {
    tag: string;
    id: string;
    sizeBytes: { development: number; production: number };
    files: { kept: number; dropped: number; keptBytes: number };
    packages: { kept: number; removed: number };
    componentsRemoved: string[];
    componentsKept: string[];
    keptForVerify: Array<{ path: string; round: number }>;
    /** Read from prod/init.conf; `initError` says why it could not be. */
    init?: InitConfigurationView;
    initError?: string;
    notCarriedOver: string[];
    /** verify-result.prod.json, only when it is of this image (else absent: not verified). */
    verify?: VerifyResultView & { rounds: number };
  };
  /** The production files beside the manifest were made from another profile: why, in one sentence. */
  stale?: string;
  /** What building would do, one line (shown when nothing current is built). */
  wouldDo: string;
}

/** Messages the host posts to the webview. */
export type HostToWebviewMessage =
  | { type: 'state'; state: PreviewState }
  | { type: 'busy'; action: 'apply' | 'verify' | 'reprofile' | 'production'; busy: boolean }
  | { type: 'verifyResult'; result: VerifyResultView }
  | { type: 'error'; message: string };

/** Messages the webview posts to the host. */
export type WebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'apply' }
  | { type: 'verify' }
  | { type: 'reprofile' }
  /** Build (or rebuild) the production image of this manifest. */
  | { type: 'buildProduction' }
  /** Edit the profile settings (probes, duration, command, environment, user): harden.editProfileSettings. */
  | { type: 'editProfileSettings' }
  /** Open a generated file's diff against the workspace in an editor. */
  | { type: 'openDiff'; path: string }
  /** Make the fix of problem `index` of the verify result of manifest `manifestStamp`, then verify again. */
  | { type: 'fixProblem'; index: number; manifestStamp: string }
  /** Show how a file of `.harden/<service>/` differs from what harden would write there. */
  | { type: 'showEdits'; path: string };

export type PreviewSection = 'writable' | 'components' | 'runtime' | 'configs' | 'production';
export type SortDirection = 'asc' | 'desc';

/** What the webview keeps across reloads (UI state only, never data). */
export interface PreviewUiState {
  section: PreviewSection;
  writableSort: { column: keyof WritablePathRow; direction: SortDirection };
  writableFilter: string;
  componentFilter: 'all' | 'executed' | 'never-executed';
  selectedFile?: string;
  scrollTop?: number;
}

export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (type === 'openDiff' || type === 'showEdits') return typeof (value as { path?: unknown }).path === 'string';
  if (type === 'fixProblem') {
    const { index, manifestStamp } = value as { index?: unknown; manifestStamp?: unknown };
    return Number.isInteger(index) && typeof manifestStamp === 'string';
  }
  return type === 'ready' || type === 'apply' || type === 'verify' || type === 'reprofile' || type === 'buildProduction' || type === 'editProfileSettings';
}

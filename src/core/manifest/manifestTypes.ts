/**
 * The hardening manifest: what `harden profile` learned about an image, and the input of every
 * generator and of `harden verify`. Written as manifest.yaml; the schema is versioned and documented
 * in README.md ("The manifest") and in manifest.schema.json beside this file.
 */
export const MANIFEST_SCHEMA_VERSION = 1;

export interface HardeningManifest {
  schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  generator: { name: 'harden'; version: string; createdAt: string };
  image: ImageSummary;
  profile: ProfileSummary;
  /** The minimal set of directories that must be writable, each with how to mount it. */
  writablePaths: WritablePath[];
  execution: ExecutionSummary;
  /** Shells, package managers, network/debug tools and interpreters found in the image. */
  components: Component[];
  /** Capabilities the trace shows the app using; everything else can be dropped. */
  capabilities: CapabilityUse[];
  /** Sockets the app bound. */
  ports: PortUse[];
  /** The user the hardened configuration runs as, and why. */
  runAs: RunAsDecision;
  /** What runs as PID 1 and forwards the stop signal, and why (absent in manifests before it existed: Docker's init). */
  init?: InitDecision;
  /** The verify runs `harden profile` made of what it generated, and what each taught it. */
  verification?: Verification;
  /** The shell-less production image `harden minify` built from this profile (absent until it ran). */
  production?: ProductionImage;
  /** Things the profile could not settle and a person should look at. */
  warnings: string[];
}

export interface InitDecision {
  /** `docker`: Compose's `init: true` (tini); `image`: the image's own init; `none`: the app is PID 1. */
  kind: 'docker' | 'image' | 'none';
  /** The init needs KILL to forward the stop signal to an app that switched to another uid. */
  needsKill: boolean;
  reason: string;
  /** Set when a verify run, not the profile, decided it. */
  learnedInRound?: number;
}

export interface Verification {
  /** True only when the last round passed: the files beside the manifest are exactly what it ran. */
  verified: boolean;
  rounds: VerificationRound[];
}

export interface ProductionImage {
  /** As built and tagged (`--tag`). */
  tag: string;
  id: string;
  sizeBytes: { development: number; production: number };
  /** Non-directory entries of the development image kept and dropped, and the bytes kept. */
  files: { kept: number; dropped: number; keptBytes: number };
  /** Packages with at least one file kept, and those with none (from the SBOMs). */
  packages: { kept: number; removed: number };
  /** Components (shells, package managers, tools) the production image no longer has. */
  componentsRemoved: string[];
  /** Components it still has because the app executed them, each with why. */
  componentsKept: string[];
  /** Files verify rounds found the app looking for: "kept because verify round N needed it". */
  keptForVerify: Array<{ path: string; round: number }>;
  /** What the init does instead of the start-up, one line each. */
  init: string[];
  /** Data paths the image seeds on first start, and which programs made the data. */
  seeds: Array<{ path: string; writers: string[] }>;
  /** What the trace could not carry over (minify went on only with --force). */
  notCarriedOver: string[];
  /** Capabilities the production configuration grants (the init's and the app's). */
  capabilities: string[];
  /** The verify runs of the production image under compose.prod.yaml. */
  verification: Verification;
}

export interface VerificationRound {
  round: number;
  passed: boolean;
  /** `traced`: under the tracer, to learn; `exact`: the configuration untouched, as Compose runs it. */
  mode: 'traced' | 'exact';
  /** One line per problem the run found. */
  problems: string[];
  /** What the round changed in the configuration, one line each (empty when it passed or learned nothing). */
  learned: string[];
}

export interface ImageSummary {
  /** As the user named it (`nginx:1.25`, `sha256:…`). */
  reference: string;
  /** The image id (`sha256:…`). */
  id: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: string[];
  /** As written in the image config; empty means root. */
  user: string;
  workingDir: string;
  exposedPorts: string[];
  /** Paths the image declares as VOLUME. */
  volumes: string[];
  stopSignal: string;
  stopTimeoutSeconds: number;
  os: string;
  architecture: string;
  /** Where the image was built from, when Harden built it (the editor's "Build <Dockerfile> first"). */
  build?: ImageBuild;
}

/**
 * How to build the image again, as Compose's `build:` spells it. `context` is relative to the
 * manifest's own directory (so the manifest keeps working wherever its folder is checked out);
 * `dockerfile` is relative to `context`, as `docker build -f` and Compose read it. Forward slashes.
 */
export interface ImageBuild {
  context: string;
  dockerfile: string;
}

export type ProbeSpec =
  | { kind: 'tcp'; port: number }
  | { kind: 'http'; port: number; path: string }
  | { kind: 'exec'; argv: string[] };

export interface StopOutcome {
  signal: string;
  /** True when the app exited before the stop timeout forced SIGKILL. */
  graceful: boolean;
  exitCode: number;
  seconds: number;
}

export interface ProfileSummary {
  startedAt: string;
  durationSeconds: number;
  /** What the user changed from the image's own configuration for the profile run. */
  overrides: { entrypoint?: string[]; cmd?: string[]; env: string[]; user?: string };
  probes: ProbeSpec[];
  /** `--duration`: observed for a fixed time instead of waiting for probes. */
  observeSeconds?: number;
  /** Seconds from start until every probe passed; null with `--duration`. */
  readySeconds: number | null;
  stop: StopOutcome;
  trace: { tracer: string; lines: number; processes: number; execs: number };
  /**
   * Calls refused in the profile run itself, with no hardening (a daemon that cannot remove a pid
   * file it created as root): verify reports them apart and does not fail on them.
   */
  refusals?: ProfileRefusal[];
  /** Log lines of the profile run that say something was refused, for the same comparison. */
  logRefusals?: string[];
}

export interface ProfileRefusal {
  program: string;
  syscall: string;
  /** Absent for calls that name no path (setgid, kill…). */
  path?: string;
  errno: string;
}

export const WRITABLE_KINDS = ['data', 'run', 'cache', 'log', 'scratch'] as const;
export type WritableKind = (typeof WRITABLE_KINDS)[number];

export interface TmpfsMount {
  type: 'tmpfs';
  /** Octal permission bits as text, e.g. "1777", "0755". */
  mode: string;
  uid: number;
  gid: number;
  sizeBytes: number;
  /** False when the profile saw a program executed from below this path. */
  noexec: boolean;
}

export interface VolumeMount {
  type: 'volume';
  /** Volume name suggested for Compose / the PVC name suggested for Kubernetes. */
  name: string;
  /**
   * True when the image ships files in this directory: a new named volume starts as a copy of them
   * in Docker; Kubernetes needs them copied in.
   */
  seededFromImage: boolean;
}

export interface WriterEvidence {
  /** The executable that wrote (`/usr/sbin/nginx`). */
  program: string;
  uid: number;
  gid: number;
  files: number;
  bytes: number;
}

export interface WritablePath {
  path: string;
  kind: WritableKind;
  /** One sentence: why this kind. */
  reason: string;
  mount: TmpfsMount | VolumeMount;
  evidence: {
    writers: WriterEvidence[];
    /** Distinct files and directories created or changed below the path. */
    files: number;
    bytes: number;
    fsyncs: number;
    writesAtShutdown: number;
    /** Up to a few example paths written below it. */
    examples: string[];
    sources: Array<'trace' | 'changes' | 'image-volume' | 'verify'>;
  };
  /** Set when a verify run, not the profile, showed the path must be writable or mounted this way. */
  learnedInRound?: number;
  /** What the image itself ships at this path (a tmpfs would hide it). */
  imageContent: {
    exists: boolean;
    files: number;
    /** Files from the image the app read during the profile. */
    readByApp: number;
    uid: number;
    gid: number;
    mode: string;
  };
}

export interface ExecStep {
  pid: number;
  /** Resolved path of the executed file. */
  program: string;
  argv: string[];
  /** Set when the program is a script: the interpreter from its `#!` line. */
  interpreter?: string;
  uid: number;
  gid: number;
}

export interface MainCommand extends ExecStep {
  env: string[];
  workingDir: string;
  /** uid:gid the main process ended up running as (after any privilege drop). */
  runningUid: number;
  runningGid: number;
}

export interface ExecutionSummary {
  /** From the container's first process to the main command, e.g. sh → /entrypoint.sh → setpriv → postgres. */
  chain: ExecStep[];
  main: MainCommand;
  /** Every distinct program executed, with how often. */
  programs: Array<{ program: string; count: number }>;
}

export const COMPONENT_CATEGORIES = ['shell', 'package-manager', 'network-tool', 'debug-tool', 'interpreter'] as const;
export type ComponentCategory = (typeof COMPONENT_CATEGORIES)[number];

export interface Component {
  name: string;
  path: string;
  category: ComponentCategory;
  executed: boolean;
  /** Why we say so: "executed 3 times as `sh -c …`" or "never executed; 0 opens". */
  evidence: string;
  sizeBytes: number;
}

export interface CapabilityUse {
  /** Without the CAP_ prefix, as Compose and Kubernetes spell it. */
  capability: string;
  /** Lines of the form `program: syscall path as uid … gid …: why`. */
  evidence: string[];
  count: number;
  /** Set when a verify run, not the profile trace, showed the need. */
  learnedInRound?: number;
}

export interface PortUse {
  port: number;
  protocol: 'tcp' | 'udp';
  program: string;
  uid: number;
}

export interface RunAsDecision {
  uid: number;
  gid: number;
  nonRoot: boolean;
  reason: string;
}

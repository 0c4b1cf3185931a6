import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { join } from 'node:path';
import { buildManifest } from '../../src/core/analysis/buildManifest';
import type { FileChange, ImageInfo } from '../../src/core/docker/dockerEngine';
import { parseAccounts } from '../../src/core/image/accountDatabase';
import { ImageIndex, type ImageEntry } from '../../src/core/image/imageIndex';
import type { HardeningManifest, ProbeSpec, StopOutcome } from '../../src/core/manifest/manifestTypes';
import { recordProfile, type ProfileRecord } from '../../src/core/profile/profileRecord';
import { readTrace } from '../../src/core/trace/readTrace';
import type { TraceFacts } from '../../src/core/trace/traceFacts';

export const RECORDED_FIXTURES = ['nginx', 'entrypoint-script', 'volume-data', 'static-noshell', 'notes', 'control-names', 'memcached', 'mosquitto', 'redis', 'postgres'] as const;
export type RecordedFixture = (typeof RECORDED_FIXTURES)[number];

interface RecordedProfile {
  reference: string;
  image: ImageInfo;
  probes: ProbeSpec[];
  startUid: number;
  startGid: number;
  stop: StopOutcome;
  readySeconds: number;
  tracer: string;
}

export interface Recording {
  profile: RecordedProfile;
  changes: FileChange[];
  index: ImageIndex;
  tracePath: string;
  /** Text of the start-up scripts on the chain to the main command, by path (recorded since minify). */
  scripts: Map<string, string>;
}

/** Real data recorded from a fixture image by scripts/record-test-data.ts. */
export function loadRecording(name: RecordedFixture): Recording {
  const dir = join(__dirname, 'fixtures', 'recorded', name);
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
  // Recordings made before minify have no ELF loaders and no scripts.
  const snapshot = read<{ entries: ImageEntry[]; contents: Record<string, string>; loaders?: Record<string, string> }>('index.json');
  const scripts = existsSync(join(dir, 'scripts.json')) ? read<Record<string, string>>('scripts.json') : {};
  return {
    profile: read<RecordedProfile>('profile.json'),
    changes: read<FileChange[]>('changes.json'),
    index: ImageIndex.fromEntries(snapshot.entries, snapshot.contents, snapshot.loaders),
    scripts: new Map(Object.entries(scripts)),
    // A large trace (postgres's first start writes its whole cluster) is kept gzipped.
    tracePath: existsSync(join(dir, 'trace.strace.gz')) ? join(dir, 'trace.strace.gz') : join(dir, 'trace.strace'),
  };
}

export async function recordedFacts(recording: Recording, tracePath = recording.tracePath): Promise<TraceFacts> {
  const config = recording.profile.image.Config as { WorkingDir?: string; StopSignal?: string } | undefined;
  const input = tracePath.endsWith('.gz') ? createReadStream(tracePath).pipe(createGunzip()) : createReadStream(tracePath);
  return readTrace(input, {
    uid: recording.profile.startUid,
    gid: recording.profile.startGid,
    cwd: config?.WorkingDir || '/',
    stopSignal: config?.StopSignal || 'SIGTERM',
    index: recording.index,
  });
}

/** The manifest `harden profile` builds from this recording (with `facts` to try variations). */
export function manifestFrom(recording: Recording, facts: TraceFacts, changes = recording.changes): HardeningManifest {
  const { index, profile } = recording;
  return buildManifest({
    reference: profile.reference,
    image: profile.image,
    overrides: { env: [] },
    probes: profile.probes,
    readySeconds: profile.readySeconds,
    stop: profile.stop,
    startedAt: new Date('2026-01-01T00:00:00Z'),
    durationSeconds: 5,
    tracer: profile.tracer,
    facts,
    changes,
    index,
    accounts: parseAccounts(index.content('/etc/passwd'), index.content('/etc/group')),
    startUid: profile.startUid,
    startGid: profile.startGid,
    volumePrefix: 'app',
    toolVersion: '0.0.0-test',
  });
}

export interface ProfiledRecording {
  recording: Recording;
  facts: TraceFacts;
  manifest: HardeningManifest;
  /** The profile record `harden profile` writes beside the manifest, from the same trace. */
  record: ProfileRecord;
}

const profiled = new Map<RecordedFixture, Promise<ProfiledRecording>>();

/**
 * A recording as `harden profile` turns it into a manifest and a profile record; read once per test
 * run (postgres's trace takes a second), so tests must derive variations, never change what it returns.
 */
export function profiledRecording(name: RecordedFixture): Promise<ProfiledRecording> {
  let loading = profiled.get(name);
  if (!loading) {
    loading = (async () => {
      const recording = loadRecording(name);
      const facts = await recordedFacts(recording);
      const manifest = manifestFrom(recording, facts);
      const record = recordProfile(facts, recording.profile.image.Id, manifest.execution.main.pid);
      if (!record) throw new Error(`${name}: the recorded trace has no main command to split the run at`);
      return { recording, facts, manifest, record };
    })();
    profiled.set(name, loading);
  }
  return loading;
}

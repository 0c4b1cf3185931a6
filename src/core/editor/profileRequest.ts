import { describeProbe } from '../run/probes';
import type { HardeningManifest, ProbeSpec } from '../manifest/manifestTypes';

/** What to profile and how: the image and the run settings a manifest records. */
export interface ProfileRequest {
  reference: string;
  /** None: a TCP probe on every exposed port. */
  probes: ProbeSpec[];
  durationSeconds?: number;
  entrypoint?: string[];
  cmd?: string[];
  env: string[];
  user?: string;
}

/** Profiling again runs the image the way the manifest says it was run. */
export function requestFromManifest(manifest: HardeningManifest): ProfileRequest {
  const { overrides, probes, observeSeconds } = manifest.profile;
  return {
    reference: manifest.image.reference,
    probes: probes.map((probe) => ({ ...probe })),
    ...(observeSeconds !== undefined ? { durationSeconds: observeSeconds } : {}),
    ...(overrides.entrypoint ? { entrypoint: [...overrides.entrypoint] } : {}),
    ...(overrides.cmd ? { cmd: [...overrides.cmd] } : {}),
    env: [...overrides.env],
    ...(overrides.user !== undefined ? { user: overrides.user } : {}),
  };
}

/** The `harden profile` command line that does the same, for the headers of the files written. */
export function equivalentCommand(request: ProfileRequest, outputDir: string): string {
  const words = ['harden', 'profile', request.reference];
  for (const probe of request.probes) words.push('--probe', describeProbe(probe));
  if (request.durationSeconds !== undefined) words.push('--duration', String(request.durationSeconds));
  for (const word of request.entrypoint ?? []) words.push('--entrypoint', word);
  for (const word of request.cmd ?? []) words.push('--cmd', word);
  for (const pair of request.env) words.push('--env', pair);
  if (request.user !== undefined) words.push('--user', request.user);
  words.push('--out', outputDir);
  return words.map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

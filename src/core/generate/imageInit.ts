import { posix } from 'node:path';
import type { HardeningManifest } from '../manifest/manifestTypes';

/** Programs that are a PID-1 init themselves; adding Docker's init in front of them is redundant. */
const INIT_PROGRAMS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 's6-svscan', 'docker-init']);

/** The init the image starts as its first process (`tini`), or undefined when it has none. */
export function ownInitProgram(manifest: HardeningManifest): string | undefined {
  const { chain } = manifest.execution;
  const { entrypoint, cmd } = manifest.image;
  const first = chain.length > 0 ? chain[0].program : (entrypoint?.[0] ?? cmd?.[0]);
  if (first === undefined) return undefined;
  const name = posix.basename(first);
  return INIT_PROGRAMS.has(name) ? name : undefined;
}

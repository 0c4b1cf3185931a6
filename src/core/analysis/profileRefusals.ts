import type { ProfileRefusal } from '../manifest/manifestTypes';
import type { TraceFacts } from '../trace/traceFacts';

const KEPT = 50;

/**
 * What the kernel refused in the profile run, where nothing was hardened yet (a daemon that drops
 * privileges and then cannot remove the pid file it created as root). Verify compares against
 * these: a refusal the app has anyway is not caused by the hardening.
 */
export function profileRefusals(facts: TraceFacts): ProfileRefusal[] {
  const seen = new Set<string>();
  const refusals: ProfileRefusal[] = [];
  const add = (refusal: ProfileRefusal): void => {
    const key = refusalKey(refusal);
    if (seen.has(key) || refusals.length >= KEPT) return;
    seen.add(key);
    refusals.push(refusal);
  };
  for (const refused of facts.refused) add({ program: refused.program, syscall: refused.syscall, path: refused.path, errno: refused.errno });
  for (const refused of facts.refusedPrivileges) add({ program: refused.program, syscall: refused.syscall, errno: refused.errno });
  return refusals;
}

/** Same program, call, path and error: the same refusal, whichever run it came from. */
export function refusalKey(refusal: ProfileRefusal): string {
  return [refusal.program, refusal.syscall, refusal.path ?? '', refusal.errno].join('\u0000');
}

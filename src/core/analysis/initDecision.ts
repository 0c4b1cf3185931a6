import { posix } from 'node:path';
import type { InitDecision, StopOutcome } from '../manifest/manifestTypes';
import type { ProcessRecord, TraceFacts } from '../trace/traceFacts';

export interface InitInput {
  facts: TraceFacts;
  stop: StopOutcome;
  /** The uid the container starts as in the hardened configuration: an init runs as it. */
  containerUid: number;
  /** The uid the profiled container started as; a process still holding it did not switch users. */
  profileUid: number;
  /** The init the image starts itself (`tini`), if any. */
  ownInit: string | undefined;
}

/**
 * What runs as PID 1 in the hardened container. An init forwards the stop signal with kill(2),
 * which needs KILL when its target switched to another uid (hardening-facts §8: tini without KILL
 * fails with "Operation not permitted" and `docker stop` ends in a kill). So: when the app keeps a
 * uid the init can signal, an init as usual (it also reaps zombies); when it does not, no init if
 * the profile showed the app as PID 1 stopping on the signal by itself and reaping its children,
 * otherwise the init with KILL.
 */
export function decideInit(input: InitInput): InitDecision {
  const { facts, containerUid, ownInit } = input;
  const first = facts.initialPid === undefined ? undefined : facts.processes.get(facts.initialPid);
  const initName = initNameOf(ownInit);
  if (!first) return usualInit(ownInit);
  // The init signals its direct child: the app's first process, or what the image's own init started.
  const targets = ownInit ? childrenOf(facts, first).filter((child) => child.execs.length > 0) : [first];
  // A process that never switched users runs as the container's user, whichever that is now.
  const switchers = targets.filter((target) => target.credentials.ruid !== input.profileUid || target.credentials.suid !== input.profileUid);
  const unreachable = switchers.filter((target) => target.credentials.ruid !== containerUid && target.credentials.suid !== containerUid);
  if (unreachable.length === 0) return usualInit(ownInit);
  const target = unreachable[0];
  const name = posix.basename(target.program) || `pid ${target.pid}`;
  const switched = `${name} switches to uid ${target.credentials.ruid}, which ${initName} (uid ${containerUid}) can signal only with KILL`;
  const ownStop = ownInit ? undefined : handlesStopItself(first, input);
  if (ownStop) return { kind: 'none', needsKill: false, reason: `no init: ${switched}; in the profile ${name} was PID 1 and ${ownStop}` };
  const why = ownInit ? '' : `; it cannot be PID 1 itself: ${notOwnStopReason(first, input)}`;
  return { kind: ownInit ? 'image' : 'docker', needsKill: true, reason: `KILL for the init: ${switched}, to forward ${input.stop.signal}${why}` };
}

/** The init as usual, with no capability of its own: Docker's, or the image's own. */
export function usualInit(ownInit: string | undefined): InitDecision {
  return { kind: ownInit ? 'image' : 'docker', needsKill: false, reason: `${initNameOf(ownInit)} is PID 1: it forwards signals and reaps zombies` };
}

function initNameOf(ownInit: string | undefined): string {
  return ownInit ? `the image's own ${ownInit}` : "Docker's init (tini)";
}

/** "stopped on SIGTERM by itself (exit 0 in 0.2 s) and starts no child processes", or undefined. */
function handlesStopItself(first: ProcessRecord, input: InitInput): string | undefined {
  const { stop, facts } = input;
  if (!stop.graceful || !facts.stopSignalSeen || first.killedBy !== undefined) return undefined;
  const reaping =
    first.childrenSinceExec === 0 ? 'starts no child processes' : first.reaped > 0 ? `reaps its child processes (${first.reaped} reaped)` : undefined;
  if (!reaping) return undefined;
  return `stopped on ${stop.signal} by itself (exit ${stop.exitCode} in ${stop.seconds} s) and ${reaping}`;
}

function notOwnStopReason(first: ProcessRecord, input: InitInput): string {
  if (!input.stop.graceful) return `it did not stop within the timeout of ${input.stop.signal}`;
  if (first.childrenSinceExec > 0 && first.reaped === 0) return 'it starts child processes and the trace shows it never waits for them';
  return `the trace does not show it handling ${input.stop.signal} as PID 1`;
}

function childrenOf(facts: TraceFacts, parent: ProcessRecord): ProcessRecord[] {
  return [...facts.processes.values()].filter((process) => process.parentPid === parent.pid && !process.thread);
}

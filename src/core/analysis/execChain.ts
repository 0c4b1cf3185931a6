import type { ImageIndex } from '../image/imageIndex';
import type { ExecStep, ExecutionSummary } from '../manifest/manifestTypes';
import type { ExecRecord, ProcessRecord, TraceFacts } from '../trace/traceFacts';

/**
 * The chain of programs from the container's first process to the main command
 * (sh → /entrypoint.sh → setpriv → postgres) and the main command itself: the process that bound
 * the app's ports, or else the program the first process ended up running.
 */
export function buildExecution(facts: TraceFacts, index: ImageIndex, probedPorts: number[]): ExecutionSummary | undefined {
  if (facts.execs.length === 0 || facts.initialPid === undefined) return undefined;
  const mainProcess = findMainProcess(facts, probedPorts);
  const lineage: ProcessRecord[] = [];
  for (let current: ProcessRecord | undefined = mainProcess; current; ) {
    lineage.unshift(current);
    current = current.parentPid === undefined ? undefined : facts.processes.get(current.parentPid);
  }
  const chain = lineage.flatMap((process) => process.execs.map((exec) => step(exec, index)));
  const mainExec = chain.length > 0 ? lastExecOf(lineage) : facts.execs[0];
  const programs = new Map<string, number>();
  for (const exec of facts.execs) programs.set(exec.program, (programs.get(exec.program) ?? 0) + 1);
  return {
    chain,
    main: {
      ...step(mainExec, index),
      env: mainExec.env,
      workingDir: mainExec.cwd,
      runningUid: mainProcess.uid,
      runningGid: mainProcess.gid,
    },
    programs: [...programs].map(([program, count]) => ({ program, count })).sort((a, b) => b.count - a.count || a.program.localeCompare(b.program)),
  };
}

function findMainProcess(facts: TraceFacts, probedPorts: number[]): ProcessRecord {
  const initial = facts.processes.get(facts.initialPid as number) as ProcessRecord;
  const binds = facts.binds.filter((bind) => probedPorts.length === 0 || probedPorts.includes(bind.port));
  const binder = binds.length > 0 ? facts.processes.get(binds[0].pid) : undefined;
  return binder ?? initial;
}

function lastExecOf(lineage: ProcessRecord[]): ExecRecord {
  for (let i = lineage.length - 1; i >= 0; i -= 1) {
    const execs = lineage[i].execs;
    if (execs.length > 0) return execs[execs.length - 1];
  }
  throw new Error('a lineage with execs has a last exec');
}

function step(exec: ExecRecord, index: ImageIndex): ExecStep {
  const interpreter = index.shebang(exec.program);
  return {
    pid: exec.pid,
    program: exec.program,
    argv: exec.argv,
    ...(interpreter ? { interpreter } : {}),
    uid: exec.uid,
    gid: exec.gid,
  };
}

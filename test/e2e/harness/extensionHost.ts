import { readdirSync, readFileSync } from 'node:fs';

/**
 * The pid of the extension host a code-server session runs (a process below the one whose command
 * line names the session's folder, itself started with `--type=extensionHost`): the owner that
 * harden's containers and volumes carry in their dev.harden.owner label when the editor starts them.
 */
export function extensionHostPid(sessionRoot: string): number | undefined {
  const processes = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => ({ pid: Number(name), parent: parentOf(name), command: commandOf(name) }));
  const inSession = new Set(processes.filter((process) => process.command.includes(sessionRoot)).map((process) => process.pid));
  const below = (pid: number): boolean => {
    for (let current: number | undefined = pid, depth = 0; current !== undefined && current > 1 && depth < 32; depth += 1) {
      if (inSession.has(current)) return true;
      current = processes.find((process) => process.pid === current)?.parent;
    }
    return false;
  };
  return processes.find((process) => process.command.includes('--type=extensionHost') && below(process.pid))?.pid;
}

function parentOf(pid: string): number | undefined {
  try {
    // The command name in (…) may hold spaces and parentheses: the fields after the last `)` are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function commandOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

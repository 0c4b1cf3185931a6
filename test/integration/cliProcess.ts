import { join } from 'node:path';
import { runCommand, type CommandOptions, type CommandRun } from './hostCommand';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export type CliRun = CommandRun;

/** Runs the built `harden` command line as a user would, and collects what it printed. */
export function runCli(args: string[], options: CommandOptions = {}): Promise<CliRun> {
  return runCommand(process.execPath, [CLI, ...args], options);
}

export function describeRun(run: CliRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

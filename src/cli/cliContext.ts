/** What a command needs from the process, passed in so commands stay testable. */
export interface CliContext {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C / SIGTERM: long work stops and cleans up. */
  readonly signal: AbortSignal;
  /** `--debug` anywhere on the command line: stack traces and details. */
  readonly debug: boolean;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: string[], context: CliContext): Promise<number>;
}

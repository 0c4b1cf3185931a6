import { HardenError, isHardenError } from '../core/errors';
import { printable, printableStack } from '../core/text/printable';
import { tuneHeapForTraceAnalysis } from '../core/trace/heapTuning';
import type { CliCommand, CliContext } from './cliContext';
import { EXIT_INTERNAL, EXIT_OK, exitCodeFor } from './exitCodes';
import { commands } from './commandRegistry';
import { HARDEN_VERSION } from './version';


function helpText(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'harden — run container images shell-less on a read-only root filesystem',
    '',
    'Usage: harden <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `harden <command> --help` for the options of one command.',
    'Add --debug to any command to see stack traces.',
    '',
  ].join('\n');
}

export async function main(argv: string[], context: Omit<CliContext, 'debug'>): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((arg) => arg !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(helpText());
    return name === undefined ? exitCodeFor.usage : EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    context.stdout.write(`${HARDEN_VERSION}\n`);
    return EXIT_OK;
  }
  const command: CliCommand | undefined = commands.find((candidate) => candidate.name === name);
  if (!command) {
    context.stderr.write(`harden: unknown command '${printable(name)}'. Run \`harden --help\` for the list.\n`);
    return exitCodeFor.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout.write(`${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, { ...context, debug });
  } catch (error) {
    return reportFailure(error, command, context, debug);
  }
}

/** Messages and details quote names from the image and the app's own log lines: each is written `printable`. */
function reportFailure(error: unknown, command: CliCommand, context: Omit<CliContext, 'debug'>, debug: boolean): number {
  if (isHardenError(error)) {
    context.stderr.write(`harden ${command.name}: ${printable(error.message)}\n`);
    for (const line of error.details) context.stderr.write(`  ${printable(line)}\n`);
    if (debug) context.stderr.write(`${printableStack(error)}\n`);
    return exitCodeFor[error.kind];
  }
  const message = error instanceof Error ? error.message : String(error);
  context.stderr.write(`harden ${command.name}: internal error: ${printable(message)} (run again with --debug for details)\n`);
  if (debug && error instanceof Error) context.stderr.write(`${printableStack(error)}\n`);
  return EXIT_INTERNAL;
}

/** The first Ctrl-C asks for a clean stop; a second one exits at once. */
function abortOnSignals(controller: AbortController): void {
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(exitCodeFor.interrupted);
    process.stderr.write(`\nharden: ${signal} received, stopping and removing what this run created…\n`);
    controller.abort(new HardenError('interrupted', `interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (require.main === module) {
  tuneHeapForTraceAnalysis();
  const controller = new AbortController();
  abortOnSignals(controller);
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`harden: ${printable(String(error))}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}

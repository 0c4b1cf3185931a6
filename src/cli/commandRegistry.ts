import type { CliCommand } from './cliContext';
import { lintCommand } from './lintCommand';

/** Every `harden` command, in the order `harden --help` lists them. */
export const commands: readonly CliCommand[] = [
  lintCommand,
];

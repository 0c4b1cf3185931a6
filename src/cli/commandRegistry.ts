import type { CliCommand } from './cliContext';

/** Every `harden` command, in the order `harden --help` lists them. */
export const commands: readonly CliCommand[] = [];

import type { CliCommand } from './cliContext';
import { lintCommand } from './lintCommand';
import { minifyCommand } from './minifyCommand';
import { profileCommand } from './profileCommand';
import { verifyCommand } from './verifyCommand';
import { tracerCommand } from './tracerCommand';

/** Every `harden` command, in the order `harden --help` lists them. */
export const commands: readonly CliCommand[] = [
  profileCommand,
  verifyCommand,
  minifyCommand,
  tracerCommand,
  lintCommand,
];

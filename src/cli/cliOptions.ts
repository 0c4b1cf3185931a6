import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HardenError } from '../core/errors';

/** node's parseArgs (strict unless told otherwise), with its errors turned into one usage sentence (exit 2). */
export function parseCommandArgs<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0].replace(/\.$/, '') : String(error);
    throw usageError(message, usage);
  }
}

export function usageError(message: string, usage: string): HardenError {
  const first = usage.split('\n')[0];
  return new HardenError('usage', `${message}.`, [first]);
}

/** A positive number of seconds, or a usage error naming the option. */
export function parseSeconds(option: string, text: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0) throw new HardenError('usage', `${option} ${text}: expected a positive number of seconds.`);
  return seconds;
}

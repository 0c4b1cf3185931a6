import { optional, type ComposeField } from './composeFields';
import { readDuration } from './composeDuration';

/** How the container's first process starts and stops. */
export interface ProcessSettings {
  user?: string;
  groupAdd: string[];
  workingDir?: string;
  entrypoint?: string[];
  command?: string[];
  init?: boolean;
  stopSignal?: string;
  stopGracePeriodSeconds?: number;
  tty: boolean;
  stdinOpen: boolean;
}

export function readProcess(definition: Record<string, unknown>, field: ComposeField): ProcessSettings {
  const present = (key: string): boolean => definition[key] !== undefined && definition[key] !== null;
  const workingDir = field.child('working_dir').optionalText(definition.working_dir);
  if (workingDir !== undefined && !workingDir.startsWith('/')) field.child('working_dir').fail('must be an absolute path');
  const stopSignal = field.child('stop_signal').optionalText(definition.stop_signal);
  return {
    ...optional('user', field.child('user').optionalText(definition.user)),
    groupAdd: field.child('group_add').textList(definition.group_add),
    ...optional('workingDir', workingDir),
    ...optional('entrypoint', field.child('entrypoint').argv(definition.entrypoint)),
    ...optional('command', field.child('command').argv(definition.command)),
    // Left out, the engine's default applies (no init unless the daemon says otherwise), as with Compose.
    ...optional('init', present('init') ? field.child('init').flag(definition.init) : undefined),
    ...optional('stopSignal', stopSignal === undefined ? undefined : signalName(stopSignal, field.child('stop_signal'))),
    // The Engine's StopTimeout is whole seconds; Compose truncates the same way.
    ...optional('stopGracePeriodSeconds', present('stop_grace_period') ? Math.trunc(readDuration(definition.stop_grace_period, field.child('stop_grace_period')) / 1e9) : undefined),
    tty: field.child('tty').flag(definition.tty),
    stdinOpen: field.child('stdin_open').flag(definition.stdin_open),
  };
}

/** `term`, `TERM` and `SIGTERM` are one signal to Docker; the trace analysis knows it as `SIGTERM`. */
function signalName(text: string, field: ComposeField): string {
  const name = text.toUpperCase().replace(/^SIG/, '');
  if (!/^[A-Z][A-Z0-9+-]*$/.test(name)) return field.fail('must be a signal name such as SIGTERM or SIGQUIT');
  return `SIG${name}`;
}

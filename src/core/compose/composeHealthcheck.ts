import type { ComposeField } from './composeFields';
import { readDuration } from './composeDuration';

/** The Engine's `Healthcheck`: durations in nanoseconds, each left out when the file does not set it. */
export interface HealthcheckSpec {
  /** `["CMD", …]`, `["CMD-SHELL", "…"]`, or `["NONE"]` to turn off the image's HEALTHCHECK. */
  test?: string[];
  intervalNs?: number;
  timeoutNs?: number;
  startPeriodNs?: number;
  startIntervalNs?: number;
  retries?: number;
}

const DURATIONS = { interval: 'intervalNs', timeout: 'timeoutNs', start_period: 'startPeriodNs', start_interval: 'startIntervalNs' } as const;

/** `healthcheck:` — the engine runs it during verify as it would under Compose. */
export function readHealthcheck(value: unknown, field: ComposeField): HealthcheckSpec | undefined {
  if (value === undefined || value === null) return undefined;
  const options = field.knownMapping(value, ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable']);
  if (field.child('disable').flag(options.disable)) return { test: ['NONE'] };
  const spec: HealthcheckSpec = {};
  if (options.test !== undefined && options.test !== null) spec.test = readTest(options.test, field.child('test'));
  for (const [key, name] of Object.entries(DURATIONS)) {
    if (options[key] !== undefined && options[key] !== null) spec[name] = readDuration(options[key], field.child(key));
  }
  if (options.retries !== undefined && options.retries !== null) spec.retries = field.child('retries').integer(options.retries);
  return spec;
}

/** A string runs through the image's shell (`CMD-SHELL`); a list must say how it runs. */
function readTest(value: unknown, field: ComposeField): string[] {
  if (!Array.isArray(value)) return ['CMD-SHELL', field.text(value)];
  const test = field.textList(value);
  if (!['CMD', 'CMD-SHELL', 'NONE'].includes(test[0])) field.fail('must start with CMD, CMD-SHELL or NONE when it is a list');
  return test;
}

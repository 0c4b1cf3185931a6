import type { ComposeField } from './composeFields';

const NANOSECONDS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/**
 * A Compose duration (Go's syntax: `10s`, `1m30s`, `1.5s`, `500ms`; `0` alone) in nanoseconds.
 * A bare number is refused: Compose's readers disagree on its unit.
 */
export function readDuration(value: unknown, field: ComposeField): number {
  const text = typeof value === 'string' ? value.trim() : undefined;
  if (text === '0') return 0;
  const parts = text === undefined ? null : [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (!parts || parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    return field.fail('must be a duration such as 10s or 1m30s');
  }
  return Math.round(parts.reduce((total, part) => total + Number(part[1]) * NANOSECONDS[part[2]], 0));
}

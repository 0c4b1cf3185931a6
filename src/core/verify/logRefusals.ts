/** Log lines that say the filesystem or permissions refused something (the app's own words). */
const REFUSAL = /read-only file system|\bEROFS\b|permission denied|\bEACCES\b|operation not permitted/i;

export function logRefusals(lines: readonly string[]): string[] {
  return [...new Set(lines.map((line) => line.trim()).filter((line) => REFUSAL.test(line)))];
}

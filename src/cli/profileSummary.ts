import type { HardeningManifest } from '../core/manifest/manifestTypes';
import { mountText } from '../core/manifest/mountText';
import { printable } from '../core/text/printable';
import { displayPath } from './displayPath';

/** The few lines a person wants after `harden profile`: what must be writable, what is never used (names `printable`). */
export function printProfileSummary(out: NodeJS.WritableStream, manifest: HardeningManifest, outputDir: string, cwd: string): void {
  const shown = displayPath(outputDir, cwd);
  const lines: string[] = [];
  lines.push(`${manifest.image.reference}: ${manifest.writablePaths.length} writable path(s), runs as ${manifest.runAs.nonRoot ? `uid ${manifest.runAs.uid}` : 'root'} (${manifest.runAs.reason})`);
  for (const path of manifest.writablePaths) {
    const mount = mountText(path.mount);
    const writers = [...new Set(path.evidence.writers.map((writer) => writer.program.split('/').pop()))].join(', ') || 'engine diff';
    lines.push(`  ${path.path.padEnd(28)} ${path.kind.padEnd(7)} ${mount.padEnd(32)} ${path.evidence.files} file(s) by ${writers}`);
  }
  const unused = manifest.components.filter((component) => !component.executed);
  const used = manifest.components.filter((component) => component.executed);
  lines.push(`components never executed: ${unused.map((component) => component.name).join(', ') || 'none'}`);
  if (used.length > 0) lines.push(`components executed: ${used.map((component) => component.name).join(', ')}`);
  lines.push(`capabilities used: ${manifest.capabilities.map((use) => use.capability).join(', ') || 'none'}`);
  const chain = manifest.execution.chain.map((step) => step.program.split('/').pop()).join(' → ');
  if (chain) lines.push(`exec chain: ${chain}`);
  if (manifest.init) lines.push(`init: ${manifest.init.reason}`);
  for (const warning of manifest.warnings) lines.push(`warning: ${warning}`);
  const { verification } = manifest;
  for (const round of verification?.rounds ?? []) {
    const outcome = round.passed ? `passed (${round.mode === 'exact' ? 'the configuration exactly as written' : 'traced'})` : `failed: ${round.problems.length} problem(s)`;
    lines.push(`verify round ${round.round}: ${outcome}`);
    for (const learned of round.learned) lines.push(`  learned: ${learned.replace(/^round \d+: /, '')}`);
  }
  lines.push(`wrote ${shown}/{manifest.yaml, compose.hardened.yaml, k8s/, report.md, profile-settings.yaml${verification ? ', verify-result.json' : ''}}`);
  if (!verification) lines.push(`not verified (--no-verify): next: harden verify ${shown}`);
  else if (verification.verified) lines.push(`verified: ${manifest.image.reference} works read-only with the settings in ${shown}`);
  out.write(`${lines.map(printable).join('\n')}\n`);
}

import type { HardeningManifest } from '../manifest/manifestTypes';
import { COMPOSE_FILE_NAME } from './composeGenerator';
import { generatedByLine, inFolder, resolveGenerateOptions, type GenerateOptions, type ResolvedGenerateOptions } from './generateOptions';
import { mountText } from '../manifest/mountText';
import { describeProbe } from '../run/probes';
import { initDecision } from './hardenedSettings';
import { code, commandLine, htmlComment, plainText, table } from './markdownText';
import { humanBytes } from './sizeUnits';
import { plural } from './writablePathNotes';

export const REPORT_FILE_NAME = 'report.md';

/** report.md: what the profile found and what to do next, for a person. */
export function generateReport(manifest: HardeningManifest, options: GenerateOptions = {}): string {
  const settings = resolveGenerateOptions(manifest, options);
  const sections = [
    [htmlComment(generatedByLine(manifest, settings)), `# Hardening report: ${plainText(manifest.image.reference)}`],
    [profileLine(manifest)],
    [`**Verdict:** ${verdict(manifest)}`],
    verificationSection(manifest, settings),
    productionSection(manifest, settings),
    writablePathsSection(manifest),
    componentsSection(manifest),
    capabilitiesSection(manifest),
    executionSection(manifest),
    warningsSection(manifest),
    nextSection(manifest, settings),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function profileLine(manifest: HardeningManifest): string {
  const { image, profile } = manifest;
  const { stop, trace } = profile;
  const ready = profile.readySeconds === null ? `observed for ${profile.observeSeconds ?? profile.durationSeconds} s` : `ready after ${profile.readySeconds} s`;
  const probes = profile.probes.length > 0 ? `, probes ${profile.probes.map((probe) => code(describeProbe(probe))).join(', ')}` : '';
  const stopped = `stopped by ${stop.signal} in ${stop.seconds} s (${stop.graceful ? 'graceful' : 'killed'}, exit ${stop.exitCode})`;
  return [
    `Image ${code(image.reference)} (${code(image.id)}), ${plainText(`${image.os}/${image.architecture}`)}.`,
    `Profiled at ${profile.startedAt} for ${profile.durationSeconds} s under ${plainText(trace.tracer)}`,
    `(${plural(trace.processes, 'process', 'processes')}, ${plural(trace.execs, 'exec')}); ${ready}${probes}; ${stopped}.`,
  ].join(' ');
}

function verdict(manifest: HardeningManifest): string {
  const shells = manifest.components.filter((component) => component.category === 'shell');
  const executedShells = shells.filter((component) => component.executed);
  const shell =
    shells.length === 0
      ? 'no shell in the image'
      : executedShells.length === 0
        ? 'no shell ever executed'
        : `shell executed: ${executedShells.map((component) => code(component.path)).join(', ')}`;
  const { runAs } = manifest;
  const user = runAs.nonRoot ? `runs as ${runAs.uid}:${runAs.gid}` : 'runs as root';
  const reason = plainText(runAs.reason.replace(/\.$/, ''));
  return `${plural(manifest.writablePaths.length, 'writable path')}; ${shell}; ${user} (${reason}).`;
}

function writablePathsSection(manifest: HardeningManifest): string[] {
  if (manifest.writablePaths.length === 0) return ['## Writable paths', '', 'None: the root filesystem can be entirely read-only.'];
  const rows = manifest.writablePaths.map((path) => [
    code(path.path),
    path.kind,
    code(mountText(path.mount)),
    path.evidence.writers.map((writer) => `${code(writer.program)} (uid ${writer.uid})`).join(', ') || 'none seen',
    String(path.evidence.files),
    humanBytes(path.evidence.bytes),
  ]);
  return ['## Writable paths', '', ...table(['Path', 'Kind', 'Mount', 'Writers', 'Files', 'Bytes'], rows)];
}

function componentsSection(manifest: HardeningManifest): string[] {
  const describe = (component: HardeningManifest['components'][number]): string =>
    `- ${code(component.path)} (${plainText(component.name)}, ${component.category}, ${humanBytes(component.sizeBytes)}): ${plainText(component.evidence)}`;
  const unused = manifest.components.filter((component) => !component.executed).map(describe);
  const used = manifest.components.filter((component) => component.executed).map(describe);
  return [
    '## Components',
    '',
    'Never executed, so removable:',
    ...(unused.length > 0 ? unused : ['- none']),
    '',
    'Executed, so needed as the image stands:',
    ...(used.length > 0 ? used : ['- none']),
  ];
}

function capabilitiesSection(manifest: HardeningManifest): string[] {
  if (manifest.capabilities.length === 0) {
    return ['## Capabilities', '', 'None used: every capability is dropped and none is added back.'];
  }
  const rows = manifest.capabilities.map((use) => [code(use.capability), String(use.count), use.evidence.map(plainText).join('; ')]);
  return ['## Capabilities', '', 'All others are dropped.', '', ...table(['Capability', 'Uses', 'Evidence'], rows)];
}

/** The verify rounds `harden profile` ran on what it generated, and what each taught it. */
function verificationSection(manifest: HardeningManifest, settings: ResolvedGenerateOptions): string[] {
  const { verification } = manifest;
  if (!verification) {
    return ['## Verification', '', `Not verified: written with ${code('--no-verify')}. Run ${code(`harden verify ${settings.outputDir}`)} before using it.`];
  }
  const last = verification.rounds.at(-1);
  const summary = verification.verified
    ? `**Verified**: round ${last?.round ?? 1} ran exactly this configuration${last?.mode === 'exact' ? ' (without the tracer)' : ''} and the app passed its probes, stopped gracefully and kept its data.`
    : `**Not verified**: the last of ${plural(verification.rounds.length, 'round')} still failed; the files are what it ran.`;
  const rows = verification.rounds.map((round) => [
    String(round.round),
    round.passed ? 'passed' : 'failed',
    round.mode,
    round.problems.map(plainText).join('; ') || '—',
    round.learned.map((line) => plainText(line.replace(/^round \d+: /, ''))).join('; ') || '—',
  ]);
  return ['## Verification', '', summary, '', ...table(['Round', 'Result', 'Run', 'Problems', 'Learned'], rows)];
}

/** What `harden minify` built from this profile, once it ran. */
function productionSection(manifest: HardeningManifest, settings: ResolvedGenerateOptions): string[] {
  const { production } = manifest;
  if (!production) return ['## Production image', '', `None yet: ${code(`harden minify ${settings.outputDir} --tag NAME:TAG`)} builds the shell-less image from this profile.`];
  const { development, production: size } = production.sizeBytes;
  const rounds = production.verification.rounds;
  const state =
    rounds.length === 0
      ? `not verified (built with ${code('--no-verify')})`
      : production.verification.verified
        ? `**verified** under ${code(inFolder(settings.outputDir, 'compose.prod.yaml'))} in ${plural(rounds.length, 'round')}`
        : `**not verified**: the last of ${plural(rounds.length, 'round')} still failed (${plainText(rounds.at(-1)?.problems.join('; ') ?? '')})`;
  const list = (title: string, lines: readonly string[]): string[] => (lines.length > 0 ? ['', `${title}:`, '', ...lines.map((line) => `- ${plainText(line)}`)] : []);
  return [
    '## Production image',
    '',
    `${code(production.tag)} (${code(production.id)}): ${state}. ${humanBytes(development)} → ${humanBytes(size)} (${(development / Math.max(size, 1)).toFixed(1)}× smaller);`,
    `${plural(production.files.kept, 'file')} kept (${humanBytes(production.files.keptBytes)}), ${production.files.dropped} dropped; ${plural(production.packages.kept, 'package')} kept, ${production.packages.removed} removed.`,
    ...list('Components removed', production.componentsRemoved),
    ...list('Components kept', production.componentsKept),
    ...list('What harden-init does instead of the start-up', production.init),
    ...list('Not carried over (built with --force)', production.notCarriedOver),
    ...list('Kept because a verify round needed it', production.keptForVerify.map((entry) => `${entry.path} (round ${entry.round})`)),
  ];
}

function executionSection(manifest: HardeningManifest): string[] {
  const { chain, main } = manifest.execution;
  const steps = chain.map((step) => `${code(step.program)}${step.interpreter ? ` (${code(`#!${step.interpreter}`)})` : ''}`);
  return [
    '## Execution',
    '',
    `Chain: ${steps.length > 0 ? steps.join(' → ') : 'not recorded'}`,
    '',
    `Main command: ${code(commandLine(main.argv))} (${code(main.program)}) in ${code(main.workingDir || '/')}, ` +
      `started as ${main.uid}:${main.gid}, running as ${main.runningUid}:${main.runningGid}.`,
    '',
    `PID 1: ${plainText(initDecision(manifest).reason)}.`,
  ];
}

function warningsSection(manifest: HardeningManifest): string[] {
  const warnings = manifest.warnings.map((warning) => `- ${plainText(warning)}`);
  return ['## Warnings', '', ...(warnings.length > 0 ? warnings : ['None.'])];
}

function nextSection(manifest: HardeningManifest, settings: ResolvedGenerateOptions): string[] {
  const directory = settings.outputDir;
  const compose = inFolder(directory, COMPOSE_FILE_NAME);
  return [
    '## Next',
    '',
    `- ${code(`harden verify ${directory}`)}: runs the hardened configuration again (after a hand edit, say) and checks the app still passes its probes.`,
    `- ${code(`docker compose -f ${compose} up`)}: runs it standalone.`,
    `- ${code(`docker compose -f compose.yaml -f ${compose} up`)}: applies it to your own Compose file, whose service must be named ${code(settings.serviceName)}; lists such as ${code('cap_drop')} are appended unless marked ${code('!override')}.`,
    `- ${code(`kubectl patch deployment ${settings.serviceName} --patch-file ${inFolder(directory, `${settings.kubernetesDir}/deployment-patch.yaml`)}`)}: the same for a Kubernetes Deployment${manifest.runAs.nonRoot ? '' : ' (not Pod Security "restricted": it runs as root)'}.`,
  ];
}

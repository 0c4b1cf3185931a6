import type { Rule } from '../rule';
import { firstOperand, type ProgramCall, programCalls } from './packageCommands';

const upgradeSubcommands: Record<string, RegExp> = {
  'apt-get': /^(upgrade|dist-upgrade|full-upgrade)$/,
  apt: /^(upgrade|dist-upgrade|full-upgrade)$/,
  apk: /^upgrade$/,
  yum: /^(upgrade|update)$/,
  dnf: /^(upgrade|update|distro-sync)$/,
  microdnf: /^(upgrade|update)$/,
  zypper: /^(update|up|dist-upgrade|dup)$/,
};

/** HX021: upgrading everything in a Dockerfile hides an outdated base and makes builds drift. */
export const packageUpgrade: Rule = {
  id: 'HX021',
  name: 'package-upgrade',
  summary: '`apt-get upgrade` and other whole-system upgrades in the image',
  defaultSeverity: 'info',
  enabledByDefault: true,
  related: { trivy: ['DS-0024'], hadolint: ['DL3035'] },
  check(context) {
    return programCalls(context, context.imageInstructions('RUN'), new Set(Object.keys(upgradeSubcommands)))
      .filter((call) => isWholeSystemUpgrade(call))
      .map((call) => {
        const end = call.subcommand?.end ?? call.program.end;
        return context.reportOffsets(call.run, call.program.start, end, `\`${call.name} ${call.subcommand?.value ?? ''}\` upgrades the whole system at build time: rebuild on a fresh base image instead, so the result is reproducible`);
      });
  },
};

function isWholeSystemUpgrade(call: ProgramCall): boolean {
  const subcommand = call.subcommand;
  if (!subcommand || !upgradeSubcommands[call.name]?.test(subcommand.value)) return false;
  // `yum update openssl` updates one package; only an update of everything counts.
  const rest = call.args.slice(call.args.indexOf(subcommand) + 1);
  return call.name.startsWith('apt') || call.name === 'apk' || firstOperand(rest) === undefined;
}

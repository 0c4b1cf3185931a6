import type { Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { aptConfigured, hasOption, type ProgramCall, programCalls } from './packageCommands';

const promptingSubcommands: Record<string, ReadonlySet<string>> = {
  'apt-get': new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove']),
  apt: new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove']),
  yum: new Set(['install', 'update', 'upgrade', 'remove', 'erase', 'reinstall', 'groupinstall']),
  dnf: new Set(['install', 'update', 'upgrade', 'remove', 'erase', 'reinstall', 'groupinstall']),
  zypper: new Set(['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'remove', 'rm', 'patch']),
};

/** HX008: a package manager that waits for a yes/no answer stops the build. */
export const installWithoutYes: Rule = {
  id: 'HX008',
  name: 'install-without-yes',
  summary: '`apt-get`, `yum`, `dnf` or `zypper` install without `-y` / `-n`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3014', 'DL3030', 'DL3038', 'DL3034'], trivy: ['DS-0021'] },
  check(context) {
    return programCalls(context, context.instructions('RUN'), new Set(Object.keys(promptingSubcommands)))
      .filter((call) => call.subcommand !== undefined && promptingSubcommands[call.name]?.has(call.subcommand.value))
      .filter((call) => !answersYes(call) && !pipedYes(context, call) && !assumeYesConfigured(context, call))
      .map((call) => {
        const flag = call.name === 'zypper' ? '-n' : '-y';
        const fix = { title: `Add ${flag}`, safe: true, edits: [context.edit(call.program.end, call.program.end, ` ${flag}`)] };
        const end = call.subcommand?.end ?? call.program.end;
        return context.reportOffsets(call.run, call.program.start, end, `\`${call.name} ${call.subcommand?.value ?? ''}\` asks for confirmation, which stops a non-interactive build: add \`${flag}\``, [fix]);
      });
  },
};

/** `yes | apt-get install …` answers every prompt. */
function pipedYes(context: RuleContext, call: ProgramCall): boolean {
  const commands = context.shellCommands(call.run);
  const index = commands.indexOf(call.command);
  const before = commands[index - 1];
  return before?.operatorAfter === '|' && before.words[0]?.value === 'yes';
}

/** `APT::Get::Assume-Yes "true"` written to apt's configuration by an earlier RUN of the image. */
function assumeYesConfigured(context: RuleContext, call: ProgramCall): boolean {
  return call.name.startsWith('apt') && aptConfigured(context, call.run, /APT::Get::Assume-Yes\W+(true|1|yes)/i);
}

function answersYes(call: ProgramCall): boolean {
  const words = call.args.map((arg) => arg.value);
  switch (call.name) {
    case 'zypper':
      return hasOption(call.args, ['--non-interactive', '--no-confirm', '-n', '-y']);
    case 'yum':
    case 'dnf':
      return hasOption(call.args, ['--assumeyes'], 'y');
    default:
      return hasOption(call.args, ['--yes', '--assume-yes'], 'y') || words.some((word) => /^(-qq|-q=2|--quiet=2)$/.test(word));
  }
}

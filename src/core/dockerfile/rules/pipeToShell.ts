import type { Rule, RuleReport } from '../rule';
import { isShell } from '../ruleContext';
import { basename, programAndArgs } from '../shellWords';

const downloaders = new Set(['curl', 'wget', 'fetch']);

/** HX015: `curl … | sh` runs whatever the server sends, unverified. */
export const pipeToShell: Rule = {
  id: 'HX015',
  name: 'pipe-to-shell',
  summary: '`curl … | sh` or `wget … | sh` runs an unverified script',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL4006'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const run of context.instructions('RUN')) {
      const commands = context.shellCommands(run);
      commands.forEach((command, index) => {
        const download = programAndArgs(command);
        const next = commands[index + 1];
        if (!download || !next || command.operatorAfter !== '|' || !downloaders.has(basename(download.program.value))) return;
        const runner = programAndArgs(next);
        if (!runner || !isInterpreter(runner.program.value)) return;
        // `| python3 -c '…'` or `| sh -c '…'` runs its own script and reads the download as data.
        if (runner.args.some((arg) => /^-[A-Za-z]*[ce]$/.test(arg.value))) return;
        reports.push(context.reportOffsets(run, download.program.start, runner.program.end, `\`${basename(download.program.value)} … | ${basename(runner.program.value)}\` runs a downloaded script without checking it: download it, verify its checksum, then run it`));
      });
      for (const command of commands) {
        const substitution = command.words.find((word) => word.expands && /(\$\(|<\()\s*(curl|wget)\b/.test(word.value));
        const program = programAndArgs(command)?.program;
        if (substitution && program && isShell(program.value)) {
          reports.push(context.reportOffsets(run, program.start, substitution.end, 'The shell runs a script fetched by curl/wget without checking it: download it, verify its checksum, then run it'));
        }
      }
    }
    return reports;
  },
};

function isInterpreter(program: string): boolean {
  return isShell(program) || /^(python\d*(\.\d+)?|perl|ruby|node)$/.test(basename(program));
}

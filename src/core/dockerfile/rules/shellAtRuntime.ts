import type { Instruction } from 'dockerfile-ast';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { commandWords, shellUse, startedProgram } from './startedProgram';
import { targetRuntimes, type TargetRuntime } from './targetRuntime';

/** HX002: the container starts a shell or a shell script, so it cannot run shell-less. */
export const shellAtRuntime: Rule = {
  id: 'HX002',
  name: 'shell-at-runtime',
  summary: 'ENTRYPOINT or CMD runs a shell script or `sh -c`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: {},
  check(context) {
    const reports: RuleReport[] = [];
    for (const runtime of targetRuntimes(context)) {
      if (runtime.base.family === 'windows') continue;
      // With an ENTRYPOINT, CMD only passes arguments to it.
      const starter = runtime.entrypoint ?? runtime.cmd;
      const report = starter ? shellReport(context, starter, runtime) : undefined;
      if (report) reports.push(report);
    }
    return reports;
  },
};

function shellReport(context: RuleContext, instruction: Instruction, runtime: TargetRuntime): RuleReport | undefined {
  const program = startedProgram(commandWords(context, instruction));
  if (!program) return undefined;
  const use = shellUse(context, runtime.stage, program.value);
  if (!use) return undefined;
  const what = use.kind === 'shell' ? `the shell \`${use.name}\`` : `the shell script \`${use.name}\``;
  return context.reportOffsets(
    instruction,
    program.start,
    program.end,
    `${context.keyword(instruction)} starts ${what}, so the image needs a shell at run time; run \`harden profile\` to see what it does, then start the program it launches directly`,
  );
}

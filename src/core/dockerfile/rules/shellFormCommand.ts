import type { Instruction } from 'dockerfile-ast';
import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import { isShell, type RuleContext } from '../ruleContext';
import { basename } from '../shellWords';
import { execFormOf } from './execFormConversion';
import { runtimeOf, targetRuntimes, type TargetRuntime } from './targetRuntime';

/** HX001: shell-form CMD/ENTRYPOINT makes /bin/sh the container's PID 1. */
export const shellFormCommand: Rule = {
  id: 'HX001',
  name: 'shell-form-cmd',
  summary: 'CMD or ENTRYPOINT in shell form needs /bin/sh at run time',
  defaultSeverity: 'error',
  enabledByDefault: true,
  related: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const runtime of targetRuntimes(context)) {
      // With an ENTRYPOINT in exec form, a shell-form CMD still runs through sh: judge both.
      for (const instruction of [runtime.entrypoint, runtime.cmd]) {
        if (!instruction || context.isExecForm(instruction)) continue;
        const report = shellFormReport(context, instruction, runtime);
        if (report) reports.push(report);
      }
    }
    return reports;
  },
};

function shellFormReport(context: RuleContext, instruction: Instruction, runtime: TargetRuntime): RuleReport | undefined {
  const tokens = context.shellTokens(instruction);
  const span = context.shellSpan(instruction);
  if (!tokens || !span || tokens.length === 0) return undefined;
  const keyword = context.keyword(instruction);
  const lastEnd = tokens[tokens.length - 1]?.end ?? span.end;
  const windows = runtime.base.family === 'windows';
  const shell = runtime.shell ? shellOf(context, runtime.shell) : windows ? 'cmd /S /C' : '/bin/sh -c';
  const base = `${keyword} in shell form runs through ${shell}, so the image needs a shell and the program does not get signals as PID 1`;
  const range = context.range(span.start, lastEnd);
  const conversion = execFormOf(tokens, context.text.content.slice(lastEnd, span.end), context.text.content.slice(span.start, span.end), windows ? 'cmd' : 'sh');
  if ('reason' in conversion) {
    return context.report(instruction, range, `${base}; it cannot become exec form as it is, because ${conversion.reason}: move that logic into the program or a build step`);
  }
  const review = reviewReason(context, instruction, runtime);
  const fix: Fix = {
    title: `Use exec form: ${keyword} ${conversion.json}${review ? ` (review: ${review})` : ''}`,
    safe: review === undefined,
    edits: [context.edit(span.start, lastEnd, conversion.json)],
  };
  return context.report(instruction, range, `${base}; use exec form ${conversion.json}`, [fix]);
}

/**
 * Why exec form could change more than how the command starts: a SHELL that is not sh, the other
 * of CMD/ENTRYPOINT in effect here or in a stage built FROM this one (exec form changes how they
 * combine), or a base image whose entrypoint reads its arguments.
 */
function reviewReason(context: RuleContext, instruction: Instruction, runtime: TargetRuntime): string | undefined {
  if (foreignShell(context, runtime.shell) && runtime.shell) return `SHELL ${shellOf(context, runtime.shell)} runs it now`;
  const stage = context.stageOf(instruction);
  if (!stage) return undefined;
  for (const user of [stage, ...context.stages.descendants(stage)]) {
    const effective = runtimeOf(context, user);
    if (effective.cmd === instruction && effective.entrypoint) return 'an ENTRYPOINT receives this CMD as arguments';
    if (effective.entrypoint === instruction && effective.cmd) return 'the CMD becomes arguments of this ENTRYPOINT';
    if (effective.cmd === instruction && !effective.entrypoint && effective.base.entrypointReadsArguments) {
      return `the base image's entrypoint treats \`${basename(stage.baseImage ?? '')}\` commands differently from \`sh -c\``;
    }
  }
  return undefined;
}

/** The program of a SHELL instruction (`powershell`, `/bin/bash`). */
export function shellOf(context: RuleContext, shell: Instruction): string {
  return context.execForm(shell)?.args[0]?.value ?? 'its SHELL';
}

/**
 * A SHELL that is not a POSIX shell (PowerShell, cmd, fish…) gives the words of a shell-form
 * command another meaning than exec form would; bash or ash with options does not.
 */
export function foreignShell(context: RuleContext, shell: Instruction | undefined): boolean {
  return shell !== undefined && !isShell(shellOf(context, shell));
}

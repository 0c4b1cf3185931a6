import type { Instruction } from 'dockerfile-ast';
import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { execFormOf } from './execFormConversion';
import { finalImageRuntime } from './finalImageRuntime';

/** HX001: shell-form CMD/ENTRYPOINT makes /bin/sh the container's PID 1. */
export const shellFormCommand: Rule = {
  id: 'HX001',
  name: 'shell-form-cmd',
  summary: 'CMD or ENTRYPOINT in shell form needs /bin/sh at run time',
  defaultSeverity: 'error',
  enabledByDefault: true,
  related: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
  check(context) {
    const runtime = finalImageRuntime(context);
    if (!runtime) return [];
    const reports: RuleReport[] = [];
    for (const instruction of [runtime.entrypoint, runtime.cmd]) {
      if (!instruction || context.isExecForm(instruction)) continue;
      const otherInEffect = instruction === runtime.cmd ? runtime.entrypoint : runtime.cmd;
      const report = shellFormReport(context, instruction, otherInEffect, runtime.base.family === 'windows');
      if (report) reports.push(report);
    }
    return reports;
  },
};

function shellFormReport(context: RuleContext, instruction: Instruction, otherInEffect: Instruction | undefined, windows: boolean): RuleReport | undefined {
  const tokens = context.shellTokens(instruction);
  const span = context.shellSpan(instruction);
  if (!tokens || !span || tokens.length === 0) return undefined;
  const keyword = context.keyword(instruction);
  const lastEnd = tokens[tokens.length - 1]?.end ?? span.end;
  const conversion = execFormOf(tokens, context.text.content.slice(lastEnd, span.end), context.text.content.slice(span.start, span.end));
  const range = context.range(span.start, lastEnd);
  const shell = windows ? 'cmd /S /C' : '/bin/sh -c';
  const base = `${keyword} in shell form runs through ${shell}, so the image needs a shell and the program does not get signals as PID 1`;
  if ('reason' in conversion) {
    return context.report(instruction, range, `${base}; it cannot become exec form as it is, because ${conversion.reason}: move that logic into the program or a build step`);
  }
  // With the other of CMD/ENTRYPOINT in effect, exec form changes how the two combine: review it.
  const fix: Fix = {
    title: `Use exec form: ${keyword} ${conversion.json}`,
    safe: otherInEffect === undefined,
    edits: [context.edit(span.start, lastEnd, conversion.json)],
  };
  return context.report(instruction, range, `${base}; use exec form ${conversion.json}`, [fix]);
}

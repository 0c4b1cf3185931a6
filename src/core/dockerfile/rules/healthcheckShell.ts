import { Healthcheck } from 'dockerfile-ast';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { execFormOf } from './execFormConversion';
import { foreignShell, shellOf } from './shellFormCommand';
import { commandWords, shellUse, startedProgram } from './startedProgram';
import { targetRuntimes, type TargetRuntime } from './targetRuntime';

/** HX003: a HEALTHCHECK that runs through a shell fails in a shell-less image. */
export const healthcheckShell: Rule = {
  id: 'HX003',
  name: 'healthcheck-shell',
  summary: 'HEALTHCHECK needs a shell (`CMD-SHELL`, shell form, or a shell script)',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: {},
  check(context) {
    const reports: RuleReport[] = [];
    for (const runtime of targetRuntimes(context)) {
      const healthcheck = runtime.healthcheck;
      if (runtime.base.family === 'windows' || !(healthcheck instanceof Healthcheck)) continue;
      const report = context.isExecForm(healthcheck) ? execFormReport(context, healthcheck, runtime) : shellFormReport(context, healthcheck, runtime);
      if (report) reports.push(report);
    }
    return reports;
  },
};

function shellFormReport(context: RuleContext, healthcheck: Healthcheck, runtime: TargetRuntime): RuleReport | undefined {
  const span = context.shellSpan(healthcheck);
  const tokens = context.shellTokens(healthcheck) ?? [];
  if (!span || tokens.length === 0) return undefined;
  const lastEnd = tokens[tokens.length - 1]?.end ?? span.end;
  const shell = runtime.shell ? shellOf(context, runtime.shell) : '/bin/sh -c';
  const message = `HEALTHCHECK CMD in shell form runs through ${shell}, which a shell-less image does not have`;
  const conversion = execFormOf(tokens, context.text.content.slice(lastEnd, span.end), context.text.content.slice(span.start, span.end));
  if ('reason' in conversion) {
    return context.reportOffsets(healthcheck, span.start, lastEnd, `${message}; it cannot become exec form as it is, because ${conversion.reason}: use a small probe program instead`);
  }
  // A SHELL other than a POSIX shell runs it now: exec form would run the words differently.
  const safe = !foreignShell(context, runtime.shell);
  const review = runtime.shell ? ` (review: SHELL ${shellOf(context, runtime.shell)} runs it now)` : '';
  const fix = { title: `Use exec form: HEALTHCHECK CMD ${conversion.json}${safe ? '' : review}`, safe, edits: [context.edit(span.start, lastEnd, conversion.json)] };
  return context.reportOffsets(healthcheck, span.start, lastEnd, `${message}; use exec form ${conversion.json}`, [fix]);
}

function execFormReport(context: RuleContext, healthcheck: Healthcheck, runtime: TargetRuntime): RuleReport | undefined {
  const exec = context.execForm(healthcheck);
  const words = commandWords(context, healthcheck);
  if (!exec || words.length === 0) return undefined;
  if (words[0]?.value === 'CMD-SHELL') {
    return context.reportOffsets(healthcheck, exec.start, exec.end, 'HEALTHCHECK runs `CMD-SHELL`, which needs a shell in the image; check health with the program itself or a small probe binary');
  }
  const program = startedProgram(words);
  const use = program && shellUse(context, runtime.stage, program.value);
  if (!program || !use) return undefined;
  const what = use.kind === 'shell' ? `the shell \`${use.name}\`` : `the shell script \`${use.name}\``;
  return context.reportOffsets(healthcheck, program.start, program.end, `HEALTHCHECK runs ${what}, which needs a shell in the image; check health with the program itself or a small probe binary`);
}

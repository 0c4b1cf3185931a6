import { Healthcheck } from 'dockerfile-ast';
import type { Rule } from '../rule';
import { isShell, type RuleContext } from '../ruleContext';
import { execFormOf } from './execFormConversion';
import { finalImageRuntime } from './finalImageRuntime';

/** HX003: a HEALTHCHECK that runs through a shell fails in a shell-less image. */
export const healthcheckShell: Rule = {
  id: 'HX003',
  name: 'healthcheck-shell',
  summary: 'HEALTHCHECK needs a shell (`CMD-SHELL` or shell form)',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: {},
  check(context) {
    const runtime = finalImageRuntime(context);
    const healthcheck = runtime?.healthcheck;
    if (!runtime || runtime.base.family === 'windows' || !(healthcheck instanceof Healthcheck)) return [];
    const span = context.shellSpan(healthcheck);
    if (!span) return [];
    const commandText = context.text.content.slice(span.start, span.end);
    if (/^\s*\[\s*"/.test(commandText)) return execFormReports(context, healthcheck, span.start, commandText);
    const tokens = context.shellTokens(healthcheck) ?? [];
    const lastEnd = tokens[tokens.length - 1]?.end ?? span.end;
    const conversion = execFormOf(tokens, context.text.content.slice(lastEnd, span.end), commandText);
    const message = 'HEALTHCHECK CMD in shell form runs through /bin/sh -c, which a shell-less image does not have';
    if ('reason' in conversion) {
      return [context.reportOffsets(healthcheck, span.start, lastEnd, `${message}; it cannot become exec form as it is, because ${conversion.reason}: use a small probe program instead`)];
    }
    const fix = { title: `Use exec form: HEALTHCHECK CMD ${conversion.json}`, safe: true, edits: [context.edit(span.start, lastEnd, conversion.json)] };
    return [context.reportOffsets(healthcheck, span.start, lastEnd, `${message}; use exec form ${conversion.json}`, [fix])];
  },
};

function execFormReports(context: RuleContext, healthcheck: Healthcheck, start: number, commandText: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(commandText.trim());
  } catch {
    return [];
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') return [];
  const program = parsed[0];
  const usesShell = program === 'CMD-SHELL' || isShell(program);
  if (!usesShell) return [];
  const end = start + commandText.trimEnd().length;
  return [context.reportOffsets(healthcheck, start, end, `HEALTHCHECK runs \`${program}\`, which needs a shell in the image; check health with the program itself or a small probe binary`)];
}

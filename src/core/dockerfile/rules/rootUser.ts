import type { Instruction } from 'dockerfile-ast';
import type { Fix } from '../finding';
import type { Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { finalImageRuntime } from './finalImageRuntime';

/** HX004: the shipped image runs as root. */
export const rootUser: Rule = {
  id: 'HX004',
  name: 'root-user',
  summary: 'The final stage runs as root (no USER, or the last USER is root/0)',
  defaultSeverity: 'error',
  enabledByDefault: true,
  related: { hadolint: ['DL3002'], trivy: ['DS-0002'], checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'] },
  check(context) {
    const runtime = finalImageRuntime(context);
    const stage = context.stages.finalStage;
    if (!runtime || !stage || runtime.base.family === 'windows') return [];
    const user = runtime.lastUser;
    const fix = (): Fix => addUserFix(context, stage.instructions, runtime.base.suggestedUser);
    if (user) {
      const name = context.args(user)[0]?.getValue() ?? '';
      if (!isRoot(name)) return [];
      const range = user.getArgumentsRange() ?? user.getRange();
      return [context.report(user, range, `The last USER is ${name}, so the container runs as root; switch to a numeric non-root user (${runtime.base.suggestedUser}) before CMD/ENTRYPOINT`, [fix()])];
    }
    if (runtime.base.runsAsNonRoot) return [];
    const from = stage.from;
    const range = from.getImageRange() ?? from.getRange();
    return [context.report(from, range, `The final stage sets no USER, so the container runs as root; add \`USER ${runtime.base.suggestedUser}\` before CMD/ENTRYPOINT and make the files it needs readable by that user`, [fix()])];
  },
};

export function isRoot(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === 'root' || /^0+$/.test(name);
}

/** Inserts `USER uid:gid` before the first CMD/ENTRYPOINT after the last USER, or at the stage's end. */
function addUserFix(context: RuleContext, instructions: readonly Instruction[], user: string): Fix {
  const lastUserIndex = instructions.map((instruction) => context.keyword(instruction)).lastIndexOf('USER');
  const target = instructions.find((instruction, index) => index > lastUserIndex && /^(CMD|ENTRYPOINT)$/.test(context.keyword(instruction)));
  const title = `Run as ${user} (review file ownership: COPY --chown=${user})`;
  if (target) {
    const line = target.getRange().start.line;
    const position = { line, character: 0 };
    return { title, safe: false, edits: [{ range: { start: position, end: position }, newText: `${context.text.indentationOf(line)}USER ${user}${context.text.eol}` }] };
  }
  const last = instructions[instructions.length - 1];
  const end = last ? last.getRange().end : { line: 0, character: 0 };
  return { title, safe: false, edits: [{ range: { start: end, end }, newText: `${context.text.eol}USER ${user}` }] };
}

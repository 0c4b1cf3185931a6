import { baseImageTraits } from '../baseImage';
import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import type { Instruction } from 'dockerfile-ast';
import { basename } from '../shellWords';
import { isRoot } from './rootUser';

/** HX016: sudo in a Dockerfile means a setuid binary and a privileged account in the image. */
export const sudo: Rule = {
  id: 'HX016',
  name: 'sudo',
  summary: '`sudo` in RUN',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3004'], trivy: ['DS-0010'], checkov: ['CKV2_DOCKER_1'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const run of context.instructions('RUN')) {
      for (const command of context.shellCommands(run)) {
        const index = command.words.findIndex((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.value));
        const word = command.words[index];
        const next = command.words[index + 1];
        if (!word || basename(word.value) !== 'sudo') continue;
        const fixes: Fix[] = [];
        const sameLine = next && context.range(word.start, next.start).end.line === context.range(word.start, word.start).start.line;
        if (next && sameLine && !next.value.startsWith('-') && runsAsRoot(context, run)) {
          fixes.push({ title: 'Remove sudo (this RUN already runs as root)', safe: true, edits: [context.edit(word.start, next.start, '')] });
        }
        reports.push(context.reportOffsets(run, word.start, word.end, 'sudo is not needed in a Dockerfile: RUN as root with `USER root` where needed, then switch back; do not ship sudo', fixes));
      }
    }
    return reports;
  },
};

function runsAsRoot(context: RuleContext, run: Instruction): boolean {
  const user = context.userAt(run);
  if (user) return isRoot(context.args(user)[0]?.getValue() ?? '');
  return !baseImageTraits(context.stageOf(run)?.baseImage).runsAsNonRoot;
}

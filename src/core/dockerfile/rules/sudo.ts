import { baseImageTraits } from '../baseImage';
import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import type { Instruction } from 'dockerfile-ast';
import { basename } from '../shellWords';
import { isRootUser } from './imageUsers';

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
        const root = next && sameLine && !next.value.startsWith('-') ? runsAsRoot(context, run) : 'no';
        if (next && root !== 'no') {
          const safe = root === 'yes';
          const title = safe ? 'Remove sudo (this RUN already runs as root)' : 'Remove sudo (review: the base image may run as another user)';
          fixes.push({ title, safe, edits: [context.edit(word.start, next.start, '')] });
        }
        reports.push(context.reportOffsets(run, word.start, word.end, 'sudo is not needed in a Dockerfile: RUN as root with `USER root` where needed, then switch back; do not ship sudo', fixes));
      }
    }
    return reports;
  },
};

/** Does the RUN run as root: `yes` by an explicit USER or a base image known to, `maybe` when the base image decides. */
function runsAsRoot(context: RuleContext, run: Instruction): 'yes' | 'no' | 'maybe' {
  const user = context.userAt(run);
  if (user) {
    const value = context.expand(context.args(user)[0]?.getValue() ?? '', user);
    return !value.known ? 'no' : isRootUser(value.value) ? 'yes' : 'no';
  }
  const base = baseImageTraits(context.stageOf(run)?.baseImage);
  if (base.runsAsNonRoot) return 'no';
  return base.family === 'unknown' || base.family === 'windows' ? 'maybe' : 'yes';
}

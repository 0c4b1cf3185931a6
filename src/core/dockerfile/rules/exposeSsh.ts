import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import { removeInstructionEdit } from './instructionRemoval';

/** HX019: an SSH port means an SSH server, a shell and credentials in the image. */
export const exposeSsh: Rule = {
  id: 'HX019',
  name: 'expose-ssh',
  summary: '`EXPOSE 22`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { trivy: ['DS-0004'], checkov: ['CKV_DOCKER_1'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const expose of context.imageInstructions('EXPOSE')) {
      const args = context.args(expose);
      args.forEach((arg, index) => {
        if (!/^22(\/tcp)?$/i.test(arg.getValue())) return;
        const start = context.offsetAt(arg.getRange().start);
        const end = context.offsetAt(arg.getRange().end);
        const previous = args[index - 1];
        const next = args[index + 1];
        let fix: Fix;
        if (previous) {
          fix = { title: 'Remove port 22', safe: true, edits: [context.edit(context.offsetAt(previous.getRange().end), end, '')] };
        } else if (next) {
          fix = { title: 'Remove port 22', safe: true, edits: [context.edit(start, context.offsetAt(next.getRange().start), '')] };
        } else {
          fix = { title: 'Remove EXPOSE 22', safe: true, edits: [removeInstructionEdit(context, expose)] };
        }
        reports.push(context.reportOffsets(expose, start, end, 'Port 22 is SSH: a hardened image has no SSH server; use `docker exec` or an ephemeral debug container', [fix]));
      });
    }
    return reports;
  },
};

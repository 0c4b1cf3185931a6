import type { Rule, RuleReport } from '../rule';
import { appendOffset, mentions, mountsOver, programCalls } from './packageCommands';

const cleanup = ' && rm -rf /var/lib/apt/lists/*';

/** HX006: `apt-get update` leaves package lists in the final image. */
export const aptListsLeft: Rule = {
  id: 'HX006',
  name: 'apt-lists-left',
  summary: 'apt lists (`/var/lib/apt/lists`) are not removed in the RUN that downloads them',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3009'] },
  check(context) {
    const reports: RuleReport[] = [];
    const calls = programCalls(context, context.finalImageInstructions('RUN'), new Set(['apt-get', 'apt']));
    for (const call of calls) {
      if (call.subcommand?.value !== 'update') continue;
      if (mentions(context, call.run, '/var/lib/apt/lists') || mountsOver(context, call.run, ['/var/lib/apt/lists', '/var/lib/apt'])) continue;
      if (reports.some((report) => report.instructionLine === call.run.getRange().start.line)) continue;
      const offset = appendOffset(context, call.run);
      const fixes = offset === undefined ? [] : [{ title: 'Remove the apt lists in the same RUN', safe: true, edits: [context.edit(offset, offset, cleanup)] }];
      reports.push(
        context.reportOffsets(call.run, call.program.start, call.subcommand.end, 'apt lists stay in the final image: end this RUN with `rm -rf /var/lib/apt/lists/*` (or mount a cache there)', fixes),
      );
    }
    return reports;
  },
};

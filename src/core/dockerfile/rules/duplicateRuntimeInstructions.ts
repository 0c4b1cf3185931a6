import type { Rule, RuleReport } from '../rule';
import { removeInstructionEdit } from './instructionRemoval';

const singular = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

/** HX024: only the last CMD/ENTRYPOINT/HEALTHCHECK of a stage counts; earlier ones mislead. */
export const duplicateRuntimeInstructions: Rule = {
  id: 'HX024',
  name: 'duplicate-runtime-instruction',
  summary: 'More than one CMD, ENTRYPOINT or HEALTHCHECK in a stage',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL4003', 'DL4004', 'DL3012'], trivy: ['DS-0016', 'DS-0007', 'DS-0023'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const stage of context.stages.stages) {
      for (const keyword of singular) {
        const all = stage.instructions.filter((instruction) => context.keyword(instruction) === keyword);
        for (const earlier of all.slice(0, -1)) {
          const fix = { title: `Remove this ${keyword}; a later one replaces it`, safe: true, edits: [removeInstructionEdit(context, earlier)] };
          reports.push(context.report(earlier, earlier.getInstructionRange(), `Only the last ${keyword} of a stage takes effect; this one is replaced later`, [fix]));
        }
      }
    }
    return reports;
  },
};

import { baseImageTraits } from '../baseImage';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { lineage, type Stage } from '../stageModel';

/** HX012: the build already has a build stage, yet the image it feeds ships a whole distribution. */
export const fullDistributionFinal: Rule = {
  id: 'HX012',
  name: 'full-distribution-final',
  summary: 'A runnable image built from the output of a build stage starts from a full distribution (shell, package manager)',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: {},
  check(context) {
    const reports: RuleReport[] = [];
    for (const target of context.stages.targets) {
      const traits = baseImageTraits(target.baseImage);
      if (!traits.fullDistribution || !fedByBuildStage(context, target)) continue;
      // The distribution is chosen where the chain of stages starts.
      const root = lineage(target).pop() ?? target;
      const from = root.from;
      const range = from.getImageRange() ?? from.getRange();
      const slim = /(^|[-_.])slim($|[-_.])/.test(target.baseImage?.split(':')[1] ?? '');
      const suggestion = traits.family === 'alpine' || slim ? 'a distroless, Chainguard or scratch image' : 'a distroless, Chainguard or scratch image (or at least a -slim variant)';
      const what = target === context.stages.finalStage ? 'The final stage' : `The target \`${target.name ?? target.index}\``;
      reports.push(context.report(from, range, `${what} starts from ${target.baseImage ?? 'a full distribution'}, which ships a shell and a package manager; copy the build output into ${suggestion}`));
    }
    return reports;
  },
};

/** Does the image copy files out of a build stage (`COPY --from=build`), the output a slimmer base could take? */
function fedByBuildStage(context: RuleContext, target: Stage): boolean {
  const fed = context.memo('fedByBuildStage', () => {
    const readers = new Set<Stage>();
    for (const source of context.stages.stages) if (context.stages.roleOf(source) === 'build') for (const reader of context.stages.readers(source)) readers.add(reader);
    return readers;
  });
  return lineage(target).some((link) => fed.has(link));
}

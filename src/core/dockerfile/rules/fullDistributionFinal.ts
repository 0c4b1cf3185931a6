import { baseImageTraits } from '../baseImage';
import type { Rule } from '../rule';

/** HX012: the build is already multi-stage, yet the final stage ships a whole distribution. */
export const fullDistributionFinal: Rule = {
  id: 'HX012',
  name: 'full-distribution-final',
  summary: 'The final stage is built on a full distribution (shell, package manager) although earlier stages exist',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: {},
  check(context) {
    const { finalStage, stages } = context.stages;
    if (!finalStage || stages.length < 2 || finalStage.parent) return [];
    const traits = baseImageTraits(finalStage.baseImage);
    if (!traits.fullDistribution) return [];
    const from = finalStage.from;
    const range = from.getImageRange() ?? from.getRange();
    const suggestion = traits.family === 'alpine' ? 'gcr.io/distroless/static or scratch' : 'a distroless or -slim runtime image without a package manager';
    return [
      context.report(
        from,
        range,
        `The final stage starts from ${finalStage.baseImage ?? 'a full distribution'}, which ships a shell and a package manager; copy the build output into ${suggestion}`,
      ),
    ];
  },
};

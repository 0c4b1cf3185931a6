import type { Instruction } from 'dockerfile-ast';
import { baseImageTraits, type BaseImageTraits } from '../baseImage';
import type { RuleContext } from '../ruleContext';
import { inheritedInstructions } from '../stageModel';

/** What the shipped image runs: the last CMD, ENTRYPOINT and HEALTHCHECK in effect, and its base. */
export interface FinalImageRuntime {
  readonly cmd: Instruction | undefined;
  readonly entrypoint: Instruction | undefined;
  readonly healthcheck: Instruction | undefined;
  readonly lastUser: Instruction | undefined;
  readonly base: BaseImageTraits;
  /** Instructions in effect, oldest first, through inherited stages. */
  readonly instructions: readonly Instruction[];
}

export function finalImageRuntime(context: RuleContext): FinalImageRuntime | undefined {
  return context.memo('finalImageRuntime', () => computeRuntime(context));
}

function computeRuntime(context: RuleContext): FinalImageRuntime | undefined {
  const stage = context.stages.finalStage;
  if (!stage) return undefined;
  const instructions = inheritedInstructions(stage);
  const last = (keyword: string): Instruction | undefined =>
    instructions.filter((instruction) => context.keyword(instruction) === keyword).pop();
  return {
    cmd: last('CMD'),
    entrypoint: last('ENTRYPOINT'),
    healthcheck: last('HEALTHCHECK'),
    lastUser: last('USER'),
    base: baseImageTraits(stage.baseImage),
    instructions,
  };
}

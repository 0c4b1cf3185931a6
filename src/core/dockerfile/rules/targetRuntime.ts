import type { Instruction } from 'dockerfile-ast';
import { baseImageTraits, type BaseImageTraits } from '../baseImage';
import type { RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { inheritedInstructions, type Stage } from '../stageModel';

/** What one runnable target runs: the CMD, ENTRYPOINT, HEALTHCHECK, USER and SHELL in effect, and its base. */
export interface TargetRuntime {
  readonly stage: Stage;
  readonly cmd: Instruction | undefined;
  readonly entrypoint: Instruction | undefined;
  readonly healthcheck: Instruction | undefined;
  readonly lastUser: Instruction | undefined;
  /** The last SHELL in effect: shell-form commands run through it instead of /bin/sh -c. */
  readonly shell: Instruction | undefined;
  readonly base: BaseImageTraits;
  /** Instructions in effect, oldest first, through inherited stages. */
  readonly instructions: readonly Instruction[];
}

/** The runtime of every runnable target (the final stage first when it is one). */
export function targetRuntimes(context: RuleContext): readonly TargetRuntime[] {
  return context.memo('targetRuntimes', () => context.stages.targets.map((stage) => runtimeOf(context, stage)));
}

/** One report (or none) per runnable target, for rules about what an image runs. */
export function reportPerTarget(context: RuleContext, report: (runtime: TargetRuntime) => RuleReport | undefined): RuleReport[] {
  return targetRuntimes(context).flatMap((runtime) => report(runtime) ?? []);
}

/** The runtime a stage's image would have, whatever its role (computed once per stage). */
export function runtimeOf(context: RuleContext, stage: Stage): TargetRuntime {
  const runtimes = context.memo('stageRuntimes', () => new Map<Stage, TargetRuntime>());
  let runtime = runtimes.get(stage);
  if (!runtime) {
    runtime = computeRuntime(context, stage);
    runtimes.set(stage, runtime);
  }
  return runtime;
}

function computeRuntime(context: RuleContext, stage: Stage): TargetRuntime {
  const instructions = inheritedInstructions(stage);
  const found: Record<string, Instruction | undefined> = {};
  let stageOfLast: Stage | undefined;
  let cmdSetInStage = false;
  for (const instruction of instructions) {
    const owner = context.stageOf(instruction);
    if (owner !== stageOfLast) {
      stageOfLast = owner;
      cmdSetInStage = false;
    }
    const keyword = context.keyword(instruction);
    if (keyword === 'CMD') cmdSetInStage = true;
    // Docker: an ENTRYPOINT drops the CMD a stage inherited, unless the stage set its own CMD before it.
    if (keyword === 'ENTRYPOINT' && !cmdSetInStage) found['CMD'] = undefined;
    if (keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'HEALTHCHECK' || keyword === 'USER' || keyword === 'SHELL') found[keyword] = instruction;
  }
  return {
    stage,
    cmd: found['CMD'],
    entrypoint: found['ENTRYPOINT'],
    healthcheck: found['HEALTHCHECK'],
    lastUser: found['USER'],
    shell: found['SHELL'],
    base: baseImageTraits(stage.baseImage),
    instructions,
  };
}

import { type Dockerfile, From, type Instruction } from 'dockerfile-ast';

/** One build stage: its FROM and the instructions after it, linked to the stage it builds on. */
export interface Stage {
  readonly index: number;
  readonly from: From;
  /** The `AS` name, lower case as Docker compares it. */
  readonly name: string | undefined;
  /** The instructions of the stage, FROM first. */
  readonly instructions: readonly Instruction[];
  /** The earlier stage named in `FROM <stage>`, whose USER, WORKDIR and CMD carry over. */
  readonly parent: Stage | undefined;
  /** The external image at the root of the chain, with build args resolved where possible. */
  readonly baseImage: string | undefined;
}

export interface StageModel {
  readonly stages: readonly Stage[];
  readonly finalStage: Stage | undefined;
  /** The final stage and the stages it inherits from: what ends up in the shipped image. */
  readonly finalImageStages: ReadonlySet<Stage>;
  stageAt(line: number): Stage | undefined;
}

export function buildStageModel(dockerfile: Dockerfile): StageModel {
  const stages: Stage[] = [];
  let current: { from: From; instructions: Instruction[] } | undefined;
  const flush = (): void => {
    if (current) stages.push(makeStage(dockerfile, stages, current.from, current.instructions));
  };
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      flush();
      current = { from: instruction, instructions: [instruction] };
    } else if (current) {
      current.instructions.push(instruction);
    }
  }
  flush();
  const finalStage = stages[stages.length - 1];
  const finalImageStages = new Set<Stage>(finalStage ? lineage(finalStage) : []);
  return {
    stages,
    finalStage,
    finalImageStages,
    stageAt: (line) => {
      let found: Stage | undefined;
      for (const stage of stages) {
        if (stage.from.getRange().start.line <= line) found = stage;
        else break;
      }
      return found;
    },
  };
}

/** The stage, then its parent, and so on up to the one built on an external image. */
export function lineage(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let link: Stage | undefined = stage; link && !chain.includes(link); link = link.parent) chain.push(link);
  return chain;
}

/** Instructions in effect for the stage, oldest first: the parents' then the stage's own. */
export function inheritedInstructions(stage: Stage): Instruction[] {
  return lineage(stage).reverse().flatMap((link) => link.instructions.slice(1));
}

function makeStage(dockerfile: Dockerfile, earlier: readonly Stage[], from: From, instructions: Instruction[]): Stage {
  const line = from.getRange().start.line;
  // One read of the arguments (dockerfile-ast re-reads them on every getter): IMAGE [AS name].
  const args = from.getArguments();
  const image = resolveImage(dockerfile, args[0]?.getValue() ?? null, line);
  const parent = image === undefined ? undefined : earlier.find((stage) => stage.name === image.toLowerCase());
  const named = args.length > 2 && args[1]?.getValue().toUpperCase() === 'AS';
  return {
    index: earlier.length,
    from,
    name: named ? args[2]?.getValue().toLowerCase() : undefined,
    instructions,
    parent,
    baseImage: parent ? parent.baseImage : image,
  };
}

/** `FROM ${BASE}` with `ARG BASE=node:20` before it gives `node:20`; undefined when unknown. */
export function resolveImage(dockerfile: Dockerfile, image: string | null, line: number): string | undefined {
  if (!image) return undefined;
  let unresolved = false;
  const resolved = image.replace(/\$\{(\w+)(?::?[-+]([^}]*))?\}|\$(\w+)/g, (_match, braced?: string, fallback?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const value = dockerfile.resolveVariable(name, line);
    if (value) return value;
    if (fallback !== undefined) return fallback;
    unresolved = true;
    return '';
  });
  return unresolved || resolved === '' ? undefined : resolved;
}

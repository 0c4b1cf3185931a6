import { Arg, type Dockerfile, Env, From, type Instruction, ModifiableInstruction, type Property } from 'dockerfile-ast';
import { expandWord, type VariableScope, VariableScope as Scope } from './buildVariables';

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

/**
 * What a stage is for. `target`: an image someone runs — the final stage, or another stage with a
 * CMD/ENTRYPOINT of its own or a release-like name that no other stage only consumes (built with
 * `--target`). `export`: a `FROM scratch` stage of files and nothing to run (`--output`).
 * `build`: a stage whose files or image other stages use, or a test/lint stage.
 */
export type StageRole = 'target' | 'export' | 'build';

export interface StageModel {
  readonly stages: readonly Stage[];
  readonly finalStage: Stage | undefined;
  /** The final stage and the stages it inherits from. */
  readonly finalImageStages: ReadonlySet<Stage>;
  /** Every runnable target, the final stage first when it is one. */
  readonly targets: readonly Stage[];
  /** The targets and the stages they inherit from: what ends up in an image that runs. */
  readonly imageStages: ReadonlySet<Stage>;
  stageAt(line: number): Stage | undefined;
  roleOf(stage: Stage): StageRole;
  /** Stages built `FROM` this one, directly or through others. */
  descendants(stage: Stage): readonly Stage[];
  /** Stages that copy or mount files from this one (`COPY --from`, `RUN --mount=from=`). */
  readers(stage: Stage): readonly Stage[];
  /** The ARG and ENV values in effect for an instruction (for FROM: the ARGs before the first FROM). */
  scopeAt(instruction: Instruction): VariableScope;
}

const releaseName = /^(release|releases|prod|production|runtime|run|runner|final|app|application|server|service|api|web|deploy|deployment|dist|image|publish|ship|slim|minimal|distroless|main)$|[-_.](release|prod|production|runtime|final|server|slim)$|^(release|prod|production|runtime|final)[-_.]/;
const buildName = /^(test|tests|testing|unit-?tests?|integration|e2e|lint|linter|lints|ci|check|checks|dev|develop|development|debug|local|builder|build|build-env|deps|dependencies|base|compile|compiler|tools|toolchain|cache|vendor|src|sources?|prepare|fetch|download|downloader|generate|codegen|docs|bench)$|[-_.](test|tests|dev|debug|build|builder|deps|lint|base|tools|compile)$|^(test|build|dev|debug|lint)[-_.]/;
/** Instructions that give an image something to run or a runtime setting: an export stage has none. */
const runtimeKeywords = new Set(['CMD', 'ENTRYPOINT', 'USER', 'EXPOSE', 'HEALTHCHECK', 'VOLUME', 'STOPSIGNAL', 'WORKDIR', 'ENV', 'RUN', 'SHELL']);

/** `textOf`, an instruction's text, lets the model skip reading flags where there are none. */
export function buildStageModel(dockerfile: Dockerfile, textOf?: (instruction: Instruction) => string): StageModel {
  const escapeChar = dockerfile.getEscapeCharacter();
  const keywords = new Map<Instruction, string>();
  const scopes = new Map<Instruction, VariableScope>();
  const stages: Stage[] = [];
  const endScopes: VariableScope[] = [];
  // Stage names seen so far (a later stage of the same name does not replace the first).
  const byName = new Map<string, Stage>();
  let globalScope: VariableScope = Scope.empty;
  let current: { from: From; args: string[]; image: string | undefined; instructions: Instruction[]; scope: VariableScope } | undefined;
  const flush = (): void => {
    if (!current) return;
    const stage = makeStage(stages, byName, current);
    stages.push(stage);
    if (stage.name !== undefined && !byName.has(stage.name)) byName.set(stage.name, stage);
    endScopes.push(current.scope);
  };
  for (const instruction of dockerfile.getInstructions()) {
    keywords.set(instruction, instruction.getKeyword());
    if (instruction instanceof From) {
      flush();
      scopes.set(instruction, globalScope);
      // One read of the arguments (dockerfile-ast re-reads them on every getter): IMAGE [AS name].
      const args = instruction.getArguments().map((arg) => arg.getValue());
      const image = fromImage(args[0], globalScope, escapeChar);
      // The parent's ENV is what this stage starts with.
      const parentIndex = image === undefined ? undefined : byName.get(image.toLowerCase())?.index;
      const scope = parentIndex === undefined ? Scope.empty : (endScopes[parentIndex] ?? Scope.empty).inherited();
      current = { from: instruction, args, image, instructions: [instruction], scope };
      continue;
    }
    if (!current) {
      scopes.set(instruction, globalScope);
      if (instruction instanceof Arg) globalScope = declareArgs(globalScope, globalScope, instruction.getProperties(), escapeChar);
      continue;
    }
    scopes.set(instruction, current.scope);
    current.instructions.push(instruction);
    if (instruction instanceof Arg) current.scope = declareArgs(current.scope, globalScope, instruction.getProperties(), escapeChar);
    else if (instruction instanceof Env) current.scope = declareEnv(current.scope, instruction.getProperties(), escapeChar);
  }
  flush();
  return new Model(stages, scopes, keywords, escapeChar, textOf);
}

class Model implements StageModel {
  readonly finalStage: Stage | undefined;
  readonly finalImageStages: ReadonlySet<Stage>;
  readonly targets: readonly Stage[];
  readonly imageStages: ReadonlySet<Stage>;
  private readonly roles = new Map<Stage, StageRole>();
  private readonly readerMap = new Map<Stage, Stage[]>();
  private readonly childMap = new Map<Stage, Stage[]>();

  constructor(
    readonly stages: readonly Stage[],
    private readonly scopes: ReadonlyMap<Instruction, VariableScope>,
    private readonly keywords: ReadonlyMap<Instruction, string>,
    escapeChar: string,
    private readonly textOf: ((instruction: Instruction) => string) | undefined,
  ) {
    this.finalStage = stages[stages.length - 1];
    this.finalImageStages = new Set(this.finalStage ? lineage(this.finalStage) : []);
    for (const stage of stages) {
      if (stage.parent) this.childMap.set(stage.parent, [...(this.childMap.get(stage.parent) ?? []), stage]);
      for (const source of this.sourcesOf(stage, escapeChar)) {
        const readers = this.readerMap.get(source) ?? [];
        if (!readers.includes(stage)) readers.push(stage);
        this.readerMap.set(source, readers);
      }
    }
    this.assignRoles();
    this.targets = [...stages].reverse().filter((stage) => this.roles.get(stage) === 'target');
    this.imageStages = new Set(this.targets.flatMap((stage) => lineage(stage)));
  }

  stageAt(line: number): Stage | undefined {
    let found: Stage | undefined;
    for (const stage of this.stages) {
      if (stage.from.getRange().start.line <= line) found = stage;
      else break;
    }
    return found;
  }

  roleOf(stage: Stage): StageRole {
    return this.roles.get(stage) ?? 'build';
  }

  descendants(stage: Stage): readonly Stage[] {
    const found: Stage[] = [];
    const visit = (parent: Stage): void => {
      for (const child of this.childMap.get(parent) ?? []) {
        if (found.includes(child)) continue;
        found.push(child);
        visit(child);
      }
    };
    visit(stage);
    return found;
  }

  readers(stage: Stage): readonly Stage[] {
    return this.readerMap.get(stage) ?? [];
  }

  scopeAt(instruction: Instruction): VariableScope {
    return this.scopes.get(instruction) ?? Scope.empty;
  }

  private assignRoles(): void {
    const candidates: Stage[] = [];
    for (const stage of this.stages) {
      const own = (keyword: string): boolean => stage.instructions.some((instruction) => this.keyword(instruction) === keyword);
      const runs = own('CMD') || own('ENTRYPOINT');
      const name = stage.name ?? '';
      const consumed = (this.readerMap.get(stage) ?? []).length > 0;
      const isParent = (this.childMap.get(stage) ?? []).length > 0;
      let role: StageRole = 'build';
      if (isExportOnly(stage, (instruction) => this.keyword(instruction))) role = 'export';
      else if (stage === this.finalStage) role = 'target';
      else if (consumed || buildName.test(name)) role = 'build';
      else if (isParent) role = runs && releaseName.test(name) ? 'target' : 'build';
      else if (runs || releaseName.test(name)) role = 'target';
      this.roles.set(stage, role);
      if (role === 'target' && stage !== this.finalStage) candidates.push(stage);
    }
    // A last stage that only tests or lints what an earlier release target built is not the image.
    const last = this.finalStage;
    if (last && candidates.length > 0 && buildName.test(last.name ?? '') && !last.instructions.some((instruction) => /^(CMD|ENTRYPOINT)$/.test(this.keyword(instruction)))) {
      this.roles.set(last, 'build');
    }
  }

  private keyword(instruction: Instruction): string {
    return this.keywords.get(instruction) ?? instruction.getKeyword();
  }

  /** The stages a stage copies or mounts from (by name or index), not its parent. */
  private sourcesOf(stage: Stage, escapeChar: string): Stage[] {
    const sources: Stage[] = [];
    for (const instruction of stage.instructions) {
      if (!(instruction instanceof ModifiableInstruction)) continue;
      const keyword = this.keyword(instruction);
      if (keyword !== 'COPY' && keyword !== 'ADD' && keyword !== 'RUN') continue;
      // Reading flags re-reads the arguments: only where a `from` can be.
      if (this.textOf !== undefined && !this.textOf(instruction).includes('from')) continue;
      for (const reference of stageReferences(instruction)) {
        const resolved = expandWord(reference, this.scopeAt(instruction), escapeChar);
        const found = findStage(this.stages, resolved.value, stage.index);
        if (found && !sources.includes(found)) sources.push(found);
      }
    }
    return sources;
  }
}

/** `--from=X` of COPY/ADD and `from=X` of each RUN `--mount`. */
function stageReferences(instruction: ModifiableInstruction): string[] {
  const references: string[] = [];
  for (const flag of instruction.getFlags()) {
    const name = flag.getName();
    if (name === 'from') references.push(flag.getValue() ?? '');
    else if (name === 'mount') {
      const from = flag.getOption('from')?.getValue();
      if (from) references.push(from);
    }
  }
  return references.filter((reference) => reference !== '');
}

function findStage(stages: readonly Stage[], reference: string, before: number): Stage | undefined {
  if (/^\d+$/.test(reference)) {
    const index = Number(reference);
    return index < before ? stages[index] : undefined;
  }
  const name = reference.toLowerCase();
  for (let index = 0; index < before; index += 1) if (stages[index]?.name === name) return stages[index];
  return undefined;
}

function isExportOnly(stage: Stage, keyword: (instruction: Instruction) => string): boolean {
  const chain = lineage(stage);
  const root = chain[chain.length - 1];
  if (!root || root.baseImage?.toLowerCase() !== 'scratch') return false;
  return !chain.some((link) => link.instructions.some((instruction) => runtimeKeywords.has(keyword(instruction))));
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

function makeStage(
  earlier: readonly Stage[],
  byName: ReadonlyMap<string, Stage>,
  read: { from: From; args: readonly string[]; image: string | undefined; instructions: Instruction[] },
): Stage {
  const { from, args, image, instructions } = read;
  const parent = image === undefined ? undefined : byName.get(image.toLowerCase());
  const named = args.length > 2 && args[1]?.toUpperCase() === 'AS';
  return {
    index: earlier.length,
    from,
    name: named ? args[2]?.toLowerCase() : undefined,
    instructions,
    parent,
    baseImage: parent ? parent.baseImage : image,
  };
}

/** `FROM ${BASE}` with `ARG BASE=node:20` before it gives `node:20`; undefined when unknown. */
function fromImage(raw: string | undefined, globalScope: VariableScope, escapeChar: string): string | undefined {
  if (!raw) return undefined;
  const expansion = expandWord(raw, globalScope, escapeChar);
  return expansion.known && expansion.value !== '' ? expansion.value : undefined;
}

function declareArgs(scope: VariableScope, globalScope: VariableScope, properties: readonly Property[], escapeChar: string): VariableScope {
  let next = scope;
  for (const property of properties) {
    const name = property.getName();
    const raw = property.getUnescapedValue();
    if (raw !== null) {
      const value = expandWord(raw, next, escapeChar);
      next = next.withArg(name, { value: value.known ? value.value : undefined, fromArg: true });
    } else {
      // `ARG NAME` in a stage takes the default of an ARG NAME before the first FROM.
      const global = scope === globalScope ? undefined : globalScope.lookup(name);
      next = next.withArg(name, { value: global?.value, fromArg: true });
    }
  }
  return next;
}

function declareEnv(scope: VariableScope, properties: readonly Property[], escapeChar: string): VariableScope {
  let next = scope;
  for (const property of properties) {
    const raw = property.getUnescapedValue() ?? '';
    const value = expandWord(raw, next, escapeChar);
    next = next.withEnv(property.getName(), { value: value.known ? value.value : undefined, fromArg: value.fromArg });
  }
  return next;
}

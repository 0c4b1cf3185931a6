import { Copy, type Instruction } from 'dockerfile-ast';
import { posix } from 'node:path';
import { shebangInterpreter } from '../buildContext';
import type { RuleContext } from '../ruleContext';
import { lineage, type Stage } from '../stageModel';

/** Where the image's file came from: a heredoc's text, or a path in the build context. */
export type FileSource = { readonly kind: 'heredoc'; readonly text: string } | { readonly kind: 'context'; readonly path: string };

/** Directories a bare program name is looked up in (the PATH of the common base images). */
const pathDirectories = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * The COPY/ADD of the stage's lineage that put a file at `program` (a path, or a bare name found
 * through PATH), with the source it came from; the latest such copy wins, as in the image.
 */
export function sourcesOf(context: RuleContext, stage: Stage, program: string, before?: Instruction): FileSource[] {
  const lineageCopies = context.memo('lineageCopies', () => new Map<Stage, Instruction[]>());
  let all = lineageCopies.get(stage);
  if (!all) {
    all = lineage(stage)
      .reverse()
      .flatMap((link) => link.instructions)
      .filter((instruction) => /^(COPY|ADD)$/.test(context.keyword(instruction)));
    lineageCopies.set(stage, all);
  }
  const copies = all.filter((instruction) => before === undefined || instruction.getRange().start.line < before.getRange().start.line);
  const wanted = program.includes('/') ? [program] : pathDirectories.map((directory) => `${directory}/${program}`);
  for (const copy of copies.reverse()) {
    const found = copySources(context, copy, wanted);
    if (found.length > 0) return found;
  }
  return [];
}

/** The interpreter a file's shebang names (`/bin/sh`, `bash`, `python3`), when its source can be read. */
export function interpreterOf(context: RuleContext, sources: readonly FileSource[]): string | undefined {
  for (const source of sources) {
    // A `<<-` heredoc has its leading tabs stripped.
    if (source.kind === 'heredoc') return shebangInterpreter(source.text.replace(/^\t+/, ''));
    const head = context.buildContext?.head(source.path, 256);
    if (head) return shebangInterpreter(new TextDecoder().decode(head));
  }
  return undefined;
}

function copySources(context: RuleContext, copy: Instruction, wanted: readonly string[]): FileSource[] {
  if (context.flags(copy).some((flag) => flag.getName() === 'from')) return [];
  const words = copyWords(context, copy);
  const destinationWord = words.pop();
  if (!destinationWord || words.length === 0) return [];
  let destination = destinationWord;
  if (!destination.startsWith('/')) {
    const workdir = workdirAt(context, copy);
    if (!workdir) return [];
    destination = posix.join(workdir, destination) + (destination.endsWith('/') ? '/' : '');
  }
  const intoDirectory = destination.endsWith('/') || words.length > 1;
  const heredocs = copy instanceof Copy ? context.heredocs(copy) : [];
  const found: FileSource[] = [];
  for (const target of wanted) {
    for (const source of words) {
      const heredoc = source.startsWith('<<') ? heredocs.find((candidate) => candidate.getName() === source.replace(/^<<-?["']?|["']$/g, '')) : undefined;
      if (heredoc) {
        const range = heredoc.getContentRange();
        const text = range ? context.text.slice(range) : '';
        const path = intoDirectory ? posix.join(destination, heredoc.getName() ?? '') : destination;
        if (path === target) found.push({ kind: 'heredoc', text });
        continue;
      }
      if (/[*?[]/.test(source) || /^[a-z][a-z0-9+.-]*:\/\//i.test(source)) continue;
      const base = intoDirectory ? posix.join(destination, posix.basename(source)) : destination;
      // A file copied as itself, or a directory whose contents land in the destination.
      if (base === target) found.push({ kind: 'context', path: source });
      const directory = destination.replace(/\/$/, '');
      if (target.startsWith(`${directory}/`)) found.push({ kind: 'context', path: posix.join(source, target.slice(directory.length + 1)) });
    }
  }
  return found;
}

/** The words of COPY/ADD after quote removal and ARG/ENV substitution (flags left out), read once. */
export function copyWords(context: RuleContext, instruction: Instruction): string[] {
  const cache = context.memo('copyWords', () => new Map<Instruction, string[]>());
  let words = cache.get(instruction);
  if (!words) {
    words = readCopyWords(context, instruction);
    cache.set(instruction, words);
  }
  return [...words];
}

function readCopyWords(context: RuleContext, instruction: Instruction): string[] {
  const exec = context.execForm(instruction);
  if (exec) return exec.args.map((arg) => arg.value);
  // dockerfile-ast lists a heredoc's lines as arguments too: keep those before the first body.
  const bodies = context.heredocs(instruction).flatMap((heredoc) => heredoc.getContentRange() ?? heredoc.getDelimiterRange() ?? []);
  const firstBody = bodies.map((range) => context.offsetAt(range.start)).sort((a, b) => a - b)[0] ?? Number.POSITIVE_INFINITY;
  return context.args(instruction)
    .filter((arg) => context.offsetAt(arg.getRange().start) < firstBody)
    .map((arg) => context.expand(arg.getValue(), instruction).value);
}

/** The absolute WORKDIR in effect at the instruction, if the file says. */
export function workdirAt(context: RuleContext, instruction: Instruction): string | undefined {
  const stage = context.stageOf(instruction);
  if (!stage) return undefined;
  const line = instruction.getRange().start.line;
  let directory: string | undefined;
  for (const other of lineage(stage).reverse().flatMap((link) => link.instructions)) {
    if (other.getRange().start.line >= line && context.stageOf(other) === stage) break;
    if (context.keyword(other) !== 'WORKDIR') continue;
    const raw = context.args(other)[0]?.getValue();
    if (!raw) continue;
    const path = context.expand(raw, other);
    if (!path.known) return undefined;
    directory = path.value.startsWith('/') || directory === undefined ? path.value : posix.join(directory, path.value);
  }
  return directory?.startsWith('/') ? directory : undefined;
}

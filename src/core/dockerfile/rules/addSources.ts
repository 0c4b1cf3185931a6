import type { Instruction } from 'dockerfile-ast';
import { looksLikeArchive } from '../buildContext';
import type { Expansion } from '../buildVariables';
import type { RuleContext } from '../ruleContext';

/** What one ADD source is, once quotes are removed and ARG/ENV defaults substituted. */
export interface AddSource {
  /** The source as written. */
  readonly raw: string;
  /** The value it has with the file's defaults. */
  readonly value: string;
  /** `url`: fetched over the network; `git`: a repository; `local`: from the build context; `unknown`: a variable without a known value. */
  readonly kind: 'url' | 'git' | 'local' | 'heredoc' | 'unknown';
  /** Comes from an ARG default: a `--build-arg` may give a URL or an archive instead. */
  readonly fromArg: boolean;
  /** Would ADD unpack it? `maybe` when neither its name nor the build context tells. */
  readonly archive: 'yes' | 'no' | 'maybe';
  /** The range of the argument, for reports. */
  readonly range: ReturnType<Instruction['getRange']>;
}

const archiveName = /\.(tar|tgz|tbz2?|txz|tzst|tlz|taz|tar\.(gz|bz2|xz|zst|lz|lzma|z))$/i;
const compressedName = /\.(gz|bz2|xz|zst|lz|lzma|z)$/i;
const url = /^[a-z][a-z0-9+.-]*:\/\//i;
const git = /^git@|^git:\/\/|^ssh:\/\/|^[a-z][a-z0-9+.-]*:\/\/[^#]*\.git(#.*)?$|^(github\.com|gitlab\.com|bitbucket\.org)\//i;

/** The sources of ADD (every argument but the destination), classified. */
export function addSources(context: RuleContext, add: Instruction): AddSource[] {
  const exec = context.execForm(add);
  const words = exec
    ? exec.args.map((arg) => word(arg.value, context.expand(arg.value.replace(/["'\\]/g, '\\$&'), add), context.range(arg.start, arg.end)))
    : context.args(add).map((arg) => word(arg.getValue(), context.expand(arg.getValue(), add), arg.getRange()));
  return words.slice(0, -1).map((word) => {
    const kind = word.raw.startsWith('<<') ? 'heredoc' : !word.known ? 'unknown' : git.test(word.value) ? 'git' : url.test(word.value) ? 'url' : 'local';
    return { raw: word.raw, value: word.value, kind, fromArg: word.fromArg, archive: kind === 'local' ? archiveKind(context, word.value) : 'no', range: word.range };
  });
}

function word(raw: string, expansion: Expansion, range: AddSource['range']) {
  return { raw, value: expansion.value, known: expansion.known, fromArg: expansion.fromArg, range };
}

function archiveKind(context: RuleContext, path: string): AddSource['archive'] {
  if (archiveName.test(path)) return 'yes';
  if (/[*?[]/.test(path)) return 'maybe';
  const head = context.buildContext?.head(path, 512);
  if (head) return looksLikeArchive(head) ? 'yes' : 'no';
  // A directory is copied as it is; so is a file whose extension says what it is.
  if (path === '.' || path.endsWith('/') || path.endsWith('/.')) return 'no';
  if (compressedName.test(path)) return 'maybe';
  return /\.[A-Za-z0-9]{1,8}$/.test(path.split('/').pop() ?? '') ? 'no' : 'maybe';
}

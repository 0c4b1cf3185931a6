import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parse } from 'yaml';

/** A file as harden or Apply writes it, `path` relative to the folder the commands in comments run in. */
export interface LaidOutFile {
  path: string;
  content: string;
}

/** A path a comment names, and the file that names it. */
export interface NamedPath {
  file: string;
  path: string;
  /** The comment line, to show where it came from. */
  line: string;
}

/**
 * What a comment names as a file or folder: after `-f`, `--patch-file`, `from` (the manifest),
 * `harden verify`/`harden minify`, `built from`, `context`, and the last word of `docker build`.
 */
const PATH_PATTERNS: readonly RegExp[] = [
  /(?:^|\s)-f (\S+)/g,
  /--patch-file (\S+)/g,
  /\bfrom (\S+\.ya?ml)\b/g,
  /\bharden (?:verify|minify) (\S+)/g,
  /\bbuilt from (\S+)/g,
  /\bcontext (?:must read )?([^\s);]+)/g,
  /\bdocker build -f \S+ -t \S+ (\S+)/g,
];

/** Comment lines of a generated file: `#` lines of YAML and Dockerfiles, the Markdown report whole. */
function commentLines(file: LaidOutFile): string[] {
  const lines = file.content.split('\n');
  if (file.path.endsWith('.md')) return lines;
  return lines.map((line) => line.trim()).filter((line) => line.startsWith('#'));
}

export function pathsInComments(file: LaidOutFile): NamedPath[] {
  return commentLines(file).flatMap((line) =>
    PATH_PATTERNS.flatMap((pattern) =>
      [...line.matchAll(pattern)].map((match) => ({ file: file.path, path: (match[1] ?? '').replace(/[`.,:]+$/, ''), line })),
    ),
  ).filter((named) => named.path !== '' && !named.path.startsWith('<') && named.path !== 'compose.yaml');
}

/** Writes the files below `root`, as harden writes them. */
export function writeLayout(root: string, files: readonly LaidOutFile[]): void {
  for (const file of files) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.content);
  }
}

/** Every path a comment names that does not lead to a file or folder from `root`. */
export function unresolvedCommentPaths(root: string, files: readonly LaidOutFile[]): NamedPath[] {
  return files.flatMap(pathsInComments).filter((named) => !existsSync(join(root, named.path)));
}

/**
 * The `build:` of each Compose service, resolved as Compose resolves it standalone (from the file's
 * own folder): the Dockerfile each names that is not there.
 */
export function unresolvedComposeBuilds(root: string, files: readonly LaidOutFile[]): string[] {
  return files
    .filter((file) => /compose[^/]*\.ya?ml$/.test(file.path))
    .flatMap((file) => {
      const services = (parse(file.content) as { services?: Record<string, { build?: { context: string; dockerfile: string } }> }).services ?? {};
      return Object.values(services)
        .flatMap((service) => (service.build ? [posix.join(posix.dirname(file.path), service.build.context, service.build.dockerfile)] : []))
        .filter((dockerfile) => !existsSync(join(root, dockerfile)));
    });
}

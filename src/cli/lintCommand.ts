import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { fixDockerfile } from '../core/dockerfile/applyFixes';
import { type BuildContext, directoryContext } from '../core/dockerfile/buildContext';
import { findDockerfileProfile } from '../core/dockerfile/dockerfileProfile';
import type { Finding } from '../core/dockerfile/finding';
import { type LintConfig, loadLintConfig } from '../core/dockerfile/lintConfig';
import { lintDockerfile } from '../core/dockerfile/lintDockerfile';
import { profileFactsOf } from '../core/dockerfile/profileFacts';
import { allRules, ruleIds } from '../core/dockerfile/rules/index';
import { sarifReport } from '../core/dockerfile/sarifReport';
import { HardenError } from '../core/errors';
import type { CliCommand, CliContext } from './cliContext';
import { displayPath } from './displayPath';
import { EXIT_OK, exitCodeFor } from './exitCodes';

const formats = ['text', 'json', 'sarif'] as const;
type Format = (typeof formats)[number];

const usage = `Usage: harden lint FILE… [--format text|json|sarif] [--fix] [--context DIR]

Checks Dockerfiles for what keeps an image from running shell-less, read-only and non-root.

Options:
  -f, --format FORMAT  text (default), json, or sarif (SARIF 2.1.0 for code scanning)
      --fix            apply the fixes marked safe and rewrite the files, then report what is left
      --context DIR    the build context (default: each Dockerfile's folder); read for scripts'
                       shebangs and archives, never sent anywhere

Rules are configured in .harden.yaml (lint.rules), found from each file's folder upwards.
A profile whose manifest (.harden/*/manifest.yaml in the working directory or the build context)
records that its image was built from the Dockerfile (image.build) is followed: HX004 proposes the
user the profile ran the app as, or says why it needs root.
Exit codes: 0 no error-severity finding, 1 error-severity findings, 2 bad usage or unreadable file.`;

const TOOL_VERSION = '0.1.0';

interface LintedFile {
  readonly path: string;
  readonly findings: readonly Finding[];
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'check Dockerfiles for what blocks a shell-less, read-only, non-root image',
  usage,
  async run(args, context) {
    const { files, format, fix, contextDirectory } = parseLintArgs(args);
    const configs = new Map<string, LintConfig>();
    const linted: LintedFile[] = [];
    let unreadable = false;
    for (const file of files) {
      const path = resolve(context.cwd, file);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        context.stderr.write(`harden lint: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
        unreadable = true;
        continue;
      }
      const config = configFor(dirname(path), configs);
      const contextPath = contextDirectory === undefined ? dirname(path) : resolve(context.cwd, contextDirectory);
      const buildContext = directoryContext(contextPath);
      if (fix) text = await applyFixes(path, file, text, config, buildContext, context);
      const profile = await findDockerfileProfile(path, [context.cwd, contextPath]);
      const profileFacts = profile && profileFactsOf(profile.manifest, displayPath(profile.manifestFile, context.cwd));
      linted.push({ path: file, findings: lintDockerfile(text, { config, buildContext, profile: profileFacts }) });
    }
    context.stdout.write(render(linted, format, context.cwd));
    if (unreadable) return exitCodeFor.usage;
    return linted.some((file) => file.findings.some((finding) => finding.severity === 'error')) ? 1 : EXIT_OK;
  },
};

function parseLintArgs(args: string[]): { files: string[]; format: Format; fix: boolean; contextDirectory: string | undefined } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f', default: 'text' }, fix: { type: 'boolean', default: false }, context: { type: 'string' } },
    });
  } catch (error) {
    throw new HardenError('usage', `${(error as Error).message}. Run \`harden lint --help\`.`);
  }
  const format = parsed.values.format as Format;
  if (!formats.includes(format)) throw new HardenError('usage', `unknown format '${String(format)}' (expected text, json or sarif)`);
  if (parsed.positionals.length === 0) throw new HardenError('usage', 'no Dockerfile given. Usage: harden lint FILE… [--format text|json|sarif] [--fix] [--context DIR]');
  return { files: parsed.positionals, format, fix: parsed.values.fix === true, contextDirectory: parsed.values.context };
}

function configFor(directory: string, cache: Map<string, LintConfig>): LintConfig {
  let config = cache.get(directory);
  if (!config) {
    config = loadLintConfig(directory, ruleIds);
    cache.set(directory, config);
  }
  return config;
}

async function applyFixes(path: string, file: string, text: string, config: LintConfig, buildContext: BuildContext, context: CliContext): Promise<string> {
  const fixed = fixDockerfile(text, { config, buildContext });
  if (fixed.text === text) return text;
  await writeFile(path, fixed.text, 'utf8');
  context.stderr.write(`harden lint: ${file}: applied ${fixed.applied} fix${fixed.applied === 1 ? '' : 'es'}\n`);
  return fixed.text;
}

function render(files: readonly LintedFile[], format: Format, cwd: string): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(files.flatMap((file) => file.findings.map((finding) => ({ file: file.path, ...finding }))), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(sarifReport(files.map((file) => ({ uri: toUri(file.path, cwd), findings: file.findings })), allRules, TOOL_VERSION), null, 2)}\n`;
    default:
      return textReport(files);
  }
}

function textReport(files: readonly LintedFile[]): string {
  const lines = files.flatMap((file) =>
    file.findings.map((finding) => {
      const fixable = finding.fixes.some((fix) => fix.safe) ? ' [fixable]' : '';
      return `${file.path}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.severity} ${finding.ruleId} ${finding.message}${fixable}`;
    }),
  );
  const counts = { error: 0, warning: 0, info: 0 };
  for (const file of files) for (const finding of file.findings) counts[finding.severity] += 1;
  const total = counts.error + counts.warning + counts.info;
  const summary = total === 0 ? `${files.length} file${files.length === 1 ? '' : 's'} checked, no findings` : `${counts.error} error, ${counts.warning} warning, ${counts.info} info in ${files.length} file${files.length === 1 ? '' : 's'}`;
  // Where each rule reported is explained: the documentation shipped with harden, readable offline.
  const docs = new Map(files.flatMap((file) => file.findings.map((finding) => [finding.ruleId, finding.docs] as const)));
  const docLines = [...docs].sort(([a], [b]) => a.localeCompare(b)).map(([id, path]) => `  ${id} ${path}`);
  return `${[...lines, summary, ...(docLines.length > 0 ? ['Rule documentation:', ...docLines] : [])].join('\n')}\n`;
}

function toUri(path: string, cwd: string): string {
  const relativePath = relative(cwd, resolve(cwd, path));
  return relativePath.split(sep).map(encodeURIComponent).join('/');
}

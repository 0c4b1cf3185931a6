import { resolve } from 'node:path';
import { connectEngine } from '../core/docker/dockerEngine';
import { HardenError } from '../core/errors';
import { initBinaryPath } from '../core/init/initBinary';
import { MAX_MINIFY_ROUNDS, minifyImage, type MinifyOutcome } from '../core/minify/minifyImage';
import { PRODUCTION_COMPOSE_FILE } from '../core/minify/productionFiles';
import { productionTagProblem } from '../core/minify/productionTag';
import { humanBytes } from '../core/generate/sizeUnits';
import type { CliCommand } from './cliContext';
import { parseCommandArgs, parseSeconds, usageError } from './cliOptions';
import { displayPath } from './displayPath';
import { stderrLogger } from './stderrLogger';
import { HARDEN_VERSION } from './version';

const USAGE = `Usage: harden minify DIR --tag NAME:TAG [options]

Builds a shell-less production image from the profile in DIR (harden profile's output folder):
only the files the app used, harden-init as PID 1 doing what the entrypoint script did (its
environment defaults, mkdir/chown/chmod, the drop of privileges, first-start data as a seed).
Writes DIR/Dockerfile.prod (with DIR/prod/), DIR/compose.prod.yaml, DIR/k8s-prod/ and the SBOMs,
then verifies the image under compose.prod.yaml, adding back files the app looked for, up to
${MAX_MINIFY_ROUNDS} rounds. Exit 0 only when the last verify passed.

Options:
  --tag NAME:TAG   the production image's tag (required)
  --keep PATH      keep this path or glob too (* within a name, ** across directories; repeatable)
  --force          build even though the start-up did things the init cannot carry over
  --no-seed        refuse instead of seeding data paths with the first start's data
  --no-verify      build and write without running the image (then not verified)
  --timeout S      bound each run (default 120)
  --json           print the production summary as JSON on stdout
  --quiet          no progress lines`;

export const minifyCommand: CliCommand = {
  name: 'minify',
  summary: 'build a shell-less production image with only what the profile saw the app use',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(USAGE, {
      args,
      allowPositionals: true,
      options: {
        tag: { type: 'string' },
        keep: { type: 'string', multiple: true, default: [] },
        force: { type: 'boolean', default: false },
        'no-seed': { type: 'boolean', default: false },
        'no-verify': { type: 'boolean', default: false },
        timeout: { type: 'string', default: '120' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw usageError('minify needs exactly one DIR (the output of harden profile)', USAGE);
    if (!values.tag) throw usageError('minify needs --tag NAME:TAG for the production image', USAGE);
    const tagProblem = productionTagProblem(values.tag);
    if (tagProblem) throw new HardenError('usage', `--tag ${tagProblem}`);
    const dir = resolve(context.cwd, positionals[0]);
    const shownDir = displayPath(dir, context.cwd);
    const log = stderrLogger(context.stderr, { quiet: values.quiet || values.json, debug: context.debug });
    const engine = await connectEngine(context.env);
    const architecture = (await engine.version()).arch;
    const outcome = await minifyImage(engine, {
      dir,
      shownDir,
      tag: values.tag,
      keep: values.keep,
      verify: !values['no-verify'],
      force: values.force,
      seed: !values['no-seed'],
      command: ['harden', 'minify', ...args].join(' '),
      initBinary: initBinaryPath(architecture, context.env),
      timeoutSeconds: parseSeconds('--timeout', values.timeout),
      signal: context.signal,
      log,
      environment: context.env,
      toolVersion: HARDEN_VERSION,
    });
    if (values.json) context.stdout.write(`${JSON.stringify(outcome.production, null, 2)}\n`);
    else printMinifySummary(context.stdout, outcome, shownDir);
    if (values['no-verify']) return 0;
    if (!outcome.result?.passed) {
      throw new HardenError(
        'verify-failed',
        `${values.tag} does not work under ${shownDir}/${PRODUCTION_COMPOSE_FILE} yet: its verify failed after ${outcome.production.verification.rounds.length} round(s); the files are written, not verified.`,
        outcome.unresolved,
      );
    }
    return 0;
  },
};

function printMinifySummary(out: NodeJS.WritableStream, outcome: MinifyOutcome, shownDir: string): void {
  const { production } = outcome;
  const { development, production: size } = production.sizeBytes;
  const ratio = size > 0 ? development / size : 0;
  const verdict = production.verification.rounds.length === 0 ? 'not verified (--no-verify)' : production.verification.verified ? `verified in ${production.verification.rounds.length} round(s)` : 'NOT verified';
  const lines = [
    `${production.tag}: ${verdict}`,
    `  size: ${humanBytes(development)} → ${humanBytes(size)} (${ratio.toFixed(1)}× smaller)`,
    `  files: ${production.files.kept} kept (${humanBytes(production.files.keptBytes)}), ${production.files.dropped} dropped`,
    `  packages: ${production.packages.kept} kept, ${production.packages.removed} removed`,
    `  components removed: ${production.componentsRemoved.join(', ') || 'none'}`,
    ...production.componentsKept.map((line) => `  kept: ${line}`),
    ...(production.componentsKept.some((line) => line.includes('(shell)')) ? ['  NOT shell-less: the app itself executed a shell (kept above); the image keeps it'] : []),
    ...production.init.map((line) => `  init: ${line}`),
    ...production.keptForVerify.map((entry) => `  kept ${entry.path}: verify round ${entry.round} needed it`),
    ...production.notCarriedOver.map((line) => `  not carried over (--force): ${line}`),
    `  wrote ${shownDir}/{${outcome.written.filter((path) => !path.startsWith('prod/seed/')).join(', ')}}`,
  ];
  out.write(`${lines.join('\n')}\n`);
}

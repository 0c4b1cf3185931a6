import { Run, type Instruction } from 'dockerfile-ast';
import type { Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { laterBranches, lineOf, pathReadLater } from './laterUse';
import { hasOption, mountsOver, programCalls } from './packageCommands';

const cacheDirectories = ['/var/cache/apk', '/etc/apk/cache'];

/** HX009: `apk add` keeps its index in /var/cache/apk unless told not to. */
export const apkCache: Rule = {
  id: 'HX009',
  name: 'apk-cache',
  summary: '`apk add` without `--no-cache`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3019'], trivy: ['DS-0025'] },
  check(context) {
    return programCalls(context, context.imageInstructions('RUN'), new Set(['apk']))
      .filter((call) => call.subcommand?.value === 'add' && !hasOption(call.args, ['--no-cache']))
      // `--no-network` installs from what is already there and downloads no index.
      .filter((call) => !hasOption(call.args, ['--no-network']))
      .filter((call) => !mountsOver(context, call.run, cacheDirectories) && !removesCache(context, call.run))
      .map((call) => {
        const add = call.subcommand ?? call.program;
        const review = laterNeed(context, call.run);
        const fix = { title: `Add --no-cache${review ? ` (review: ${review})` : ''}`, safe: review === undefined, edits: [context.edit(add.end, add.end, ' --no-cache')] };
        return context.reportOffsets(call.run, call.program.start, add.end, '`apk add` leaves the package index in /var/cache/apk: add `--no-cache`', [fix]);
      });
  },
};

/** `rm -rf /var/cache/apk/*` or `apk cache clean` in the same RUN (naming the directory in `--cache-dir` keeps it). */
function removesCache(context: RuleContext, run: Instruction): boolean {
  return programCalls(context, [run], new Set(['rm', 'apk'])).some((call) =>
    call.name === 'rm' ? call.args.some((arg) => arg.value.startsWith('/var/cache/apk')) : call.subcommand?.value === 'cache' && /^(clean|purge)$/.test(call.args[call.args.indexOf(call.subcommand) + 1]?.value ?? ''),
  );
}

/** A later `apk --no-network` or `apk cache`, or a later reader of the cache, needs the index this RUN keeps. */
function laterNeed(context: RuleContext, run: Instruction): string | undefined {
  for (const branch of laterBranches(context, run)) {
    for (const later of branch.instructions) {
      if (!(later instanceof Run)) continue;
      const offline = programCalls(context, [later], new Set(['apk'])).find((call) => hasOption(call.args, ['--no-network']) || call.subcommand?.value === 'cache');
      if (offline) return `${lineOf(later)} runs \`apk\` from the local index`;
    }
  }
  const reader = pathReadLater(context, run, cacheDirectories);
  return reader ? `${lineOf(reader)} reads the apk cache` : undefined;
}

import type { Rule } from '../rule';
import { hasOption, mentions, mountsOver, programCalls } from './packageCommands';

/** HX009: `apk add` keeps its index in /var/cache/apk unless told not to. */
export const apkCache: Rule = {
  id: 'HX009',
  name: 'apk-cache',
  summary: '`apk add` without `--no-cache`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3019'], trivy: ['DS-0025'] },
  check(context) {
    return programCalls(context, context.finalImageInstructions('RUN'), new Set(['apk']))
      .filter((call) => call.subcommand?.value === 'add' && !hasOption(call.args, ['--no-cache']))
      .filter((call) => !mountsOver(context, call.run, ['/var/cache/apk', '/etc/apk/cache']) && !mentions(context, call.run, '/var/cache/apk'))
      .map((call) => {
        const add = call.subcommand ?? call.program;
        const fix = { title: 'Add --no-cache', safe: true, edits: [context.edit(add.end, add.end, ' --no-cache')] };
        return context.reportOffsets(call.run, call.program.start, add.end, '`apk add` leaves the package index in /var/cache/apk: add `--no-cache`', [fix]);
      });
  },
};

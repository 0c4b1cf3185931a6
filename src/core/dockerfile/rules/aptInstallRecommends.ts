import type { Rule } from '../rule';
import { aptConfigured, hasOption, programCalls } from './packageCommands';

/** HX007: recommended packages add programs (often a shell's worth) the app never runs. */
export const aptInstallRecommends: Rule = {
  id: 'HX007',
  name: 'apt-install-recommends',
  summary: '`apt-get install` without `--no-install-recommends`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3015'], trivy: ['DS-0029'] },
  check(context) {
    return programCalls(context, context.imageInstructions('RUN'), new Set(['apt-get', 'apt']))
      .filter((call) => call.subcommand?.value === 'install')
      .filter((call) => !hasOption(call.args, ['--no-install-recommends']) && !call.args.some((arg) => /Install-Recommends=(false|0|no)/i.test(arg.value)))
      // `APT::Install-Recommends "false"` in apt's configuration, written by an earlier RUN.
      .filter((call) => !aptConfigured(context, call.run, /APT::Install-Recommends\W+(false|0|no)\b/i))
      .map((call) => {
        const install = call.subcommand ?? call.program;
        // Fewer packages is the point, but one of them may be what the app or a later RUN needs.
        const fix = { title: 'Add --no-install-recommends (review: recommended packages are no longer installed)', safe: false, edits: [context.edit(install.end, install.end, ' --no-install-recommends')] };
        return context.reportOffsets(call.run, call.program.start, install.end, '`apt-get install` also installs recommended packages the app does not need: add `--no-install-recommends`', [fix]);
      });
  },
};

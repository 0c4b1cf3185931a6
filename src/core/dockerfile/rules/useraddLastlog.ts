import type { Rule } from '../rule';
import { hasOption, programCalls } from './packageCommands';

/** HX025: `useradd -u <big uid>` without `-l` writes a huge sparse lastlog into the image. */
export const useraddLastlog: Rule = {
  id: 'HX025',
  name: 'useradd-lastlog',
  summary: '`useradd` with a uid but without `-l` (`--no-log-init`)',
  defaultSeverity: 'info',
  enabledByDefault: true,
  related: { hadolint: ['DL3046'] },
  check(context) {
    return programCalls(context, context.finalImageInstructions('RUN'), new Set(['useradd']))
      .filter((call) => hasOption(call.args, ['--uid'], 'u') && !hasOption(call.args, ['--no-log-init'], 'l'))
      .map((call) => {
        const fix = { title: 'Add -l', safe: true, edits: [context.edit(call.program.end, call.program.end, ' -l')] };
        return context.reportOffsets(call.run, call.program.start, call.program.end, '`useradd` with a uid and without `-l` fills /var/log/lastlog for every uid below it: add `-l`', [fix]);
      });
  },
};

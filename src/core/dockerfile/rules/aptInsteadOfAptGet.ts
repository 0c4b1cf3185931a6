import type { Rule } from '../rule';
import { programCalls } from './packageCommands';

/** HX026: `apt` is for people; its output and behaviour are not stable for scripts. */
export const aptInsteadOfAptGet: Rule = {
  id: 'HX026',
  name: 'apt-instead-of-apt-get',
  summary: '`apt` used in RUN where `apt-get` is meant for scripts',
  defaultSeverity: 'info',
  enabledByDefault: true,
  related: { hadolint: ['DL3027'], checkov: ['CKV_DOCKER_9'] },
  check(context) {
    return programCalls(context, context.instructions('RUN'), new Set(['apt']))
      .filter((call) => call.program.value === 'apt' && !call.program.quoted)
      .map((call) => {
        const fix = { title: 'Use apt-get', safe: true, edits: [context.edit(call.program.start, call.program.end, 'apt-get')] };
        return context.reportOffsets(call.run, call.program.start, call.program.end, '`apt` has no stable interface for scripts: use `apt-get`', [fix]);
      });
  },
};

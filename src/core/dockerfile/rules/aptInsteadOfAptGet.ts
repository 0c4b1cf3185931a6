import type { Fix } from '../finding';
import type { Rule } from '../rule';
import { programCalls } from './packageCommands';

/** Subcommands apt-get has with the same meaning. */
const sameInAptGet = /^(install|reinstall|remove|purge|autoremove|autopurge|update|clean|autoclean|dist-clean|source|build-dep|download|satisfy|check|changelog|dist-upgrade|full-upgrade)$/;
/** Same name, other meaning: `apt upgrade` installs new dependencies, `apt-get upgrade` holds those packages back. */
const differentInAptGet = /^upgrade$/;

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
        const subcommand = call.subcommand?.value ?? '';
        const fixes: Fix[] = [];
        // `apt list`, `apt search`, `apt show` have no apt-get counterpart: no fix.
        if (sameInAptGet.test(subcommand) || differentInAptGet.test(subcommand)) {
          const review = differentInAptGet.test(subcommand) ? ' (review: `apt-get upgrade` holds back upgrades that need new packages)' : '';
          fixes.push({ title: `Use apt-get${review}`, safe: review === '', edits: [context.edit(call.program.start, call.program.end, 'apt-get')] });
        }
        const advice = fixes.length > 0 ? 'use `apt-get`' : `use \`apt-cache\` or \`dpkg-query\` for \`apt ${subcommand}\``;
        return context.reportOffsets(call.run, call.program.start, call.program.end, `\`apt\` has no stable interface for scripts: ${advice}`, fixes);
      });
  },
};

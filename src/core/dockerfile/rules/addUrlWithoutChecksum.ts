import { Add } from 'dockerfile-ast';
import type { Rule, RuleReport } from '../rule';
import { addSources } from './addSources';

/** HX014: a download without a checksum trusts whatever the server sends today. */
export const addUrlWithoutChecksum: Rule = {
  id: 'HX014',
  name: 'add-url-without-checksum',
  summary: 'ADD from a URL without `--checksum`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3020'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const add of context.instructions('ADD')) {
      if (!(add instanceof Add) || context.flags(add).some((flag) => flag.getName() === 'checksum')) continue;
      for (const source of addSources(context, add)) {
        if (source.kind !== 'url') continue;
        const what = source.raw === source.value ? source.value : `${source.raw} (${source.value} by default)`;
        reports.push(context.report(add, source.range, `ADD downloads ${what} without verifying it: add \`--checksum=sha256:…\` or download, check and unpack in a build stage`));
      }
    }
    return reports;
  },
};

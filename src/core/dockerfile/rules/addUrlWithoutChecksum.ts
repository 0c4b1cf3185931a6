import { Add } from 'dockerfile-ast';
import type { Rule } from '../rule';
import { addSources } from './addLocalFiles';

/** HX014: a download without a checksum trusts whatever the server sends today. */
export const addUrlWithoutChecksum: Rule = {
  id: 'HX014',
  name: 'add-url-without-checksum',
  summary: 'ADD from a URL without `--checksum`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3020'] },
  check(context) {
    return context.instructions('ADD').flatMap((add) => {
      if (!(add instanceof Add) || context.flags(add).some((flag) => flag.getName() === 'checksum')) return [];
      const url = addSources(context, add).find((source) => /^https?:\/\//i.test(source));
      if (!url) return [];
      const argument = context.args(add).find((arg) => arg.getValue().includes(url)) ?? context.args(add)[0];
      const range = argument?.getRange() ?? add.getRange();
      return [context.report(add, range, `ADD downloads ${url} without verifying it: add \`--checksum=sha256:…\` or download, check and unpack in a build stage`)];
    });
  },
};

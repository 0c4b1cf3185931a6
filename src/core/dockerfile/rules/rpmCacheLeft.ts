import type { Rule, RuleReport } from '../rule';
import { appendOffset, mentions, mountsOver, programCalls } from './packageCommands';

const cleanups: Record<string, { command: string; cache: string; alsoClean: RegExp }> = {
  yum: { command: 'yum clean all', cache: '/var/cache/yum', alsoClean: /^clean$/ },
  dnf: { command: 'dnf clean all', cache: '/var/cache/dnf', alsoClean: /^clean$/ },
  microdnf: { command: 'microdnf clean all', cache: '/var/cache/yum', alsoClean: /^clean$/ },
  zypper: { command: 'zypper clean', cache: '/var/cache/zypp', alsoClean: /^(clean|cc)$/ },
};

/** HX011: yum, dnf, microdnf and zypper keep metadata and packages in /var/cache. */
export const rpmCacheLeft: Rule = {
  id: 'HX011',
  name: 'rpm-cache-left',
  summary: '`yum`/`dnf`/`microdnf`/`zypper install` without cleaning the cache in the same RUN',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3032', 'DL3040', 'DL3036'], trivy: ['DS-0015', 'DS-0019', 'DS-0027', 'DS-0020'] },
  check(context) {
    const reports: RuleReport[] = [];
    const calls = programCalls(context, context.finalImageInstructions('RUN'), new Set(Object.keys(cleanups)));
    for (const call of calls) {
      const cleanup = cleanups[call.name];
      if (!cleanup || !/^(install|in|groupinstall|reinstall)$/.test(call.subcommand?.value ?? '')) continue;
      const cleaned = calls.some((other) => other.run === call.run && other.name === call.name && cleanup.alsoClean.test(other.subcommand?.value ?? ''));
      if (cleaned || mentions(context, call.run, cleanup.cache) || mountsOver(context, call.run, [cleanup.cache])) continue;
      if (reports.some((report) => report.instructionLine === call.run.getRange().start.line)) continue;
      const offset = appendOffset(context, call.run);
      const fixes = offset === undefined ? [] : [{ title: `Append \`${cleanup.command}\``, safe: true, edits: [context.edit(offset, offset, ` && ${cleanup.command}`)] }];
      const end = call.subcommand?.end ?? call.program.end;
      reports.push(context.reportOffsets(call.run, call.program.start, end, `\`${call.name}\` leaves its cache in ${cleanup.cache}: end this RUN with \`${cleanup.command}\``, fixes));
    }
    return reports;
  },
};

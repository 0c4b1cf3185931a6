import { type Instruction, Run } from 'dockerfile-ast';
import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { laterBranches, lineOf, pathReadLater } from './laterUse';
import { appendOffset, hasOption, mountsOver, type ProgramCall, programCalls } from './packageCommands';

const cleanups: Record<string, string> = {
  yum: 'yum clean all',
  dnf: 'dnf clean all',
  microdnf: 'microdnf clean all',
  tdnf: 'tdnf clean all',
  zypper: 'zypper clean -a',
};
const caches = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/tdnf', '/var/cache/zypp', '/var/cache/libdnf5'];
const rpmManagers = new Set([...Object.keys(cleanups), 'rm']);

/** HX011: yum, dnf, microdnf, tdnf and zypper keep metadata (and packages) in /var/cache. */
export const rpmCacheLeft: Rule = {
  id: 'HX011',
  name: 'rpm-cache-left',
  summary: '`yum`/`dnf`/`microdnf`/`zypper install` without cleaning the cache in the same RUN',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3032', 'DL3040', 'DL3036'], trivy: ['DS-0015', 'DS-0019', 'DS-0027', 'DS-0020'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const run of context.imageInstructions('RUN')) {
      if (!(run instanceof Run)) continue;
      const calls = programCalls(context, [run], rpmManagers);
      const install = calls.find((call) => call.name !== 'rm' && /^(install|in|groupinstall|reinstall|update|upgrade|up|dist-upgrade|dup)$/.test(call.subcommand?.value ?? ''));
      if (!install || calls.some(cleansCache) || mountsOver(context, run, caches)) continue;
      const command = cleanups[install.name] ?? 'yum clean all';
      const offset = appendOffset(context, run);
      const fixes: Fix[] = [];
      if (offset !== undefined) {
        const review = laterNeed(context, run);
        fixes.push({ title: `Append \`${command}\`${review ? ` (review: ${review})` : ''}`, safe: review === undefined, edits: [context.edit(offset, offset, ` && ${command}`)] });
      }
      const end = install.subcommand?.end ?? install.program.end;
      reports.push(context.reportOffsets(run, install.program.start, end, `\`${install.name}\` leaves its metadata and packages in /var/cache: end this RUN with \`${command}\``, fixes));
    }
    return reports;
  },
};

/** `yum clean all`, `zypper clean -a`, or `rm -rf /var/cache/dnf`. */
function cleansCache(call: ProgramCall): boolean {
  if (call.name === 'rm') return call.args.some((arg) => caches.some((cache) => arg.value.startsWith(cache)) || arg.value === '/var/cache/*');
  if (call.name === 'zypper') return /^(clean|cc)$/.test(call.subcommand?.value ?? '') && hasOption(call.args, ['--all', '--metadata', '--raw-metadata'], 'amM');
  return call.subcommand?.value === 'clean';
}

/** A later `dnf -C` (`--cacheonly`) or `zypper --no-refresh`, or a reader of the cache, needs what the cleaning removes. */
function laterNeed(context: RuleContext, run: Instruction): string | undefined {
  for (const branch of laterBranches(context, run)) {
    for (const later of branch.instructions) {
      if (!(later instanceof Run)) continue;
      const offline = programCalls(context, [later], rpmManagers).find(
        (call) => call.name !== 'rm' && (hasOption(call.args, ['--cacheonly', '--no-refresh'], call.name === 'zypper' ? '' : 'C')),
      );
      if (offline) return `${lineOf(later)} runs \`${offline.name}\` from the cache`;
    }
  }
  const reader = pathReadLater(context, run, caches);
  return reader ? `${lineOf(reader)} reads the package cache` : undefined;
}

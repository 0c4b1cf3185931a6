import { type Instruction, Run } from 'dockerfile-ast';
import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { laterBranches, lineOf, pathReadLater, runsOpaqueScript } from './laterUse';
import { appendOffset, mountsOver, type ProgramCall, programCalls } from './packageCommands';

const cleanup = ' && rm -rf /var/lib/apt/lists/*';
const lists = '/var/lib/apt/lists';
const aptPrograms = new Set(['apt-get', 'apt', 'apt-cache', 'add-apt-repository', 'apt-add-repository', 'rm']);
/** apt subcommands that read the package lists. */
const needsLists = /^(install|upgrade|dist-upgrade|full-upgrade|source|build-dep|download|satisfy|reinstall|show|policy|madison|depends|rdepends|search|showsrc)$/;

/** HX006: `apt-get update` leaves package lists in the image. */
export const aptListsLeft: Rule = {
  id: 'HX006',
  name: 'apt-lists-left',
  summary: 'apt lists (`/var/lib/apt/lists`) are not removed in the RUN that downloads them',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3009'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const run of context.imageInstructions('RUN')) {
      if (!(run instanceof Run)) continue;
      const calls = aptCalls(context, run);
      const download = calls.find((call) => downloadsLists(call));
      const lastDownload = calls.filter((call) => downloadsLists(call)).pop();
      // Only a removal after the last download empties the lists (`rm … && apt-get update` leaves them).
      const removed = lastDownload !== undefined && calls.some((call) => removesLists(call) && call.program.start > lastDownload.program.start);
      if (!download || removed || mountsOver(context, run, [lists, '/var/lib/apt'])) continue;
      const offset = appendOffset(context, run);
      const fixes: Fix[] = [];
      if (offset !== undefined) {
        const review = laterNeed(context, run);
        fixes.push({ title: `Remove the apt lists in the same RUN${review ? ` (review: ${review})` : ''}`, safe: review === undefined, edits: [context.edit(offset, offset, cleanup)] });
      }
      const end = download.subcommand && download.subcommand.start > download.program.start ? download.subcommand.end : download.program.end;
      reports.push(context.reportOffsets(run, download.program.start, end, 'apt lists stay in the image: end this RUN with `rm -rf /var/lib/apt/lists/*` (or mount a cache there)', fixes));
    }
    return reports;
  },
};

function aptCalls(context: RuleContext, run: Instruction): ProgramCall[] {
  return programCalls(context, [run], aptPrograms).sort((a, b) => a.program.start - b.program.start);
}

/** `apt-get update`, and add-apt-repository, which updates unless told not to. */
function downloadsLists(call: ProgramCall): boolean {
  if (call.name === 'add-apt-repository' || call.name === 'apt-add-repository') return !call.args.some((arg) => arg.value === '-n' || arg.value === '--no-update');
  return (call.name === 'apt-get' || call.name === 'apt') && call.subcommand?.value === 'update';
}

/** `rm -rf /var/lib/apt/lists/*`, or `apt-get dist-clean` (apt 2.7+, Debian trixie), which removes them. */
function removesLists(call: ProgramCall): boolean {
  if (call.name === 'rm') return call.args.some((arg) => arg.value.startsWith(lists) || arg.value.startsWith('/var/lib/apt/*'));
  return (call.name === 'apt-get' || call.name === 'apt') && call.subcommand?.value === 'dist-clean';
}

/**
 * Why removing the lists here could break the build: a later RUN of this stage, or of a stage
 * built FROM it, reads them (installs) before any `apt-get update` of its own, runs a script that
 * may, or a later stage copies them.
 */
function laterNeed(context: RuleContext, run: Instruction): string | undefined {
  for (const branch of laterBranches(context, run)) {
    let present = false;
    for (const later of branch.instructions) {
      if (!(later instanceof Run) || mountsOver(context, later, [lists, '/var/lib/apt'])) continue;
      for (const call of aptCalls(context, later)) {
        if (downloadsLists(call)) present = true;
        else if (removesLists(call)) present = false;
        else if (!present && call.name !== 'rm' && needsLists.test(call.subcommand?.value ?? '')) return `${lineOf(later)} runs \`${call.name} ${call.subcommand?.value ?? ''}\` without \`apt-get update\``;
      }
      if (!present && runsOpaqueScript(context, later)) return `${lineOf(later)} runs a script that may use apt`;
    }
  }
  const reader = pathReadLater(context, run, [lists]);
  return reader ? `${lineOf(reader)} reads ${lists}` : undefined;
}

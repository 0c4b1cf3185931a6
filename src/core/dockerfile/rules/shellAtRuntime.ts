import type { Instruction } from 'dockerfile-ast';
import type { Rule, RuleReport } from '../rule';
import { isShell, type RuleContext } from '../ruleContext';
import { basename, programIndex } from '../shellWords';
import { finalImageRuntime } from './finalImageRuntime';

const scriptPattern = /\.(?:sh|bash)$|(?:^|[-_])entrypoint$/i;
/** Small inits and privilege droppers that start the next argument: look past them. */
const launchers = new Set(['tini', 'dumb-init', 'gosu', 'su-exec', 'catatonit', 's6-setuidgid']);

/** HX002: the container starts a shell or a shell script, so it cannot run shell-less. */
export const shellAtRuntime: Rule = {
  id: 'HX002',
  name: 'shell-at-runtime',
  summary: 'ENTRYPOINT or CMD runs a shell script or `sh -c`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: {},
  check(context) {
    const runtime = finalImageRuntime(context);
    if (!runtime || runtime.base.family === 'windows') return [];
    // With an ENTRYPOINT, CMD only passes arguments to it.
    const starter = runtime.entrypoint ?? runtime.cmd;
    const report = starter ? shellReport(context, starter) : undefined;
    return report ? [report] : [];
  },
};

function shellReport(context: RuleContext, instruction: Instruction): RuleReport | undefined {
  const program = programOf(context, instruction);
  if (!program) return undefined;
  const name = basename(program.value);
  const what = isShell(name) ? `the shell \`${name}\`` : scriptPattern.test(name) ? `the shell script \`${name}\`` : undefined;
  if (!what) return undefined;
  return context.reportOffsets(
    instruction,
    program.start,
    program.end,
    `${context.keyword(instruction)} starts ${what}, so the image needs a shell at run time; run \`harden profile\` to see what it does, then start the program it launches directly`,
  );
}

function programOf(context: RuleContext, instruction: Instruction): { value: string; start: number; end: number } | undefined {
  const words = context.isExecForm(instruction)
    ? instruction.getJSONStrings().map((value) => ({ value: value.getJSONValue(), start: context.offsetAt(value.getRange().start), end: context.offsetAt(value.getRange().end) }))
    : (context.shellCommands(instruction)[0]?.words ?? []).slice(programIndex(context.shellCommands(instruction)[0]?.words ?? []));
  let index = 0;
  while (words[index] && launchers.has(basename(words[index]?.value ?? ''))) {
    const launcher = basename(words[index]?.value ?? '');
    index += 1;
    // gosu/su-exec take a user first; tini and dumb-init take options and `--`.
    if (launcher === 'gosu' || launcher === 'su-exec' || launcher === 's6-setuidgid') index += 1;
    while (words[index]?.value.startsWith('-')) index += 1;
  }
  return words[index];
}

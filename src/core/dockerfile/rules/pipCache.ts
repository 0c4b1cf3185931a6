import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import type { Instruction } from 'dockerfile-ast';
import { lineOf, pathReadLater } from './laterUse';
import { hasOption, mountsOver, type ProgramCall, programCalls } from './packageCommands';

const pipNames = /^pip(\d+(\.\d+)?)?$/;
const pythonNames = /^python(\d+(\.\d+)?)?$/;
const names = new Set(['pip', 'pip2', 'pip3', 'python', 'python2', 'python3']);
for (let minor = 0; minor <= 20; minor += 1) names.add(`pip3.${minor}`).add(`python3.${minor}`);

/** HX010: pip keeps every downloaded wheel in ~/.cache/pip. */
export const pipCache: Rule = {
  id: 'HX010',
  name: 'pip-cache',
  summary: '`pip install` without `--no-cache-dir`',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3042'] },
  check(context) {
    const runs = context.imageInstructions('RUN');
    if (runs.length === 0 || pipCacheDisabledByEnv(context)) return [];
    const reports: RuleReport[] = [];
    for (const call of programCalls(context, runs, names)) {
      const install = installWord(call);
      // `--no-index` installs from local files: nothing is downloaded, nothing cached.
      if (!install || hasOption(call.args, ['--no-cache-dir', '--no-index'])) continue;
      if (mountsOver(context, call.run, ['/root/.cache/pip', '/root/.cache'])) continue;
      const reader = pathReadLater(context, call.run, ['.cache/pip', 'PIP_CACHE_DIR']) ?? laterPipCache(context, call.run);
      const review = reader ? ` (review: ${lineOf(reader)} uses pip's cache)` : '';
      const fix = { title: `Add --no-cache-dir${review}`, safe: reader === undefined, edits: [context.edit(install.end, install.end, ' --no-cache-dir')] };
      reports.push(context.reportOffsets(call.run, call.program.start, install.end, '`pip install` keeps its download cache in the image: add `--no-cache-dir`', [fix]));
    }
    return reports;
  },
};

/** `pip install` or `python -m pip install`: the `install` word. */
function installWord(call: ProgramCall) {
  if (pipNames.test(call.name)) return call.subcommand?.value === 'install' ? call.subcommand : undefined;
  if (!pythonNames.test(call.name)) return undefined;
  const moduleIndex = call.args.findIndex((arg) => arg.value === '-m');
  if (moduleIndex === -1 || call.args[moduleIndex + 1]?.value !== 'pip') return undefined;
  const next = call.args.slice(moduleIndex + 2).find((arg) => !arg.value.startsWith('-'));
  return next?.value === 'install' ? next : undefined;
}

/** A later `pip cache …` or `pip install --find-links ~/.cache/…` reads the cache this RUN fills. */
function laterPipCache(context: RuleContext, run: Instruction): Instruction | undefined {
  const later = new Set(context.laterInstructions(run));
  return programCalls(context, [...later], names).find((call) => call.subcommand?.value === 'cache')?.run;
}

function pipCacheDisabledByEnv(context: RuleContext): boolean {
  return context
    .imageInstructions('ENV')
    .some((env) => context.properties(env).some((property) => property.getName() === 'PIP_NO_CACHE_DIR'));
}

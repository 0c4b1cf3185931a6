import { Workdir } from 'dockerfile-ast';
import { baseImageTraits } from '../baseImage';
import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import { posix } from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import type { RuleContext } from '../ruleContext';
import { lineage, type Stage } from '../stageModel';

/** HX020: a relative WORKDIR depends on what the base image set before. */
export const relativeWorkdir: Rule = {
  id: 'HX020',
  name: 'relative-workdir',
  summary: 'WORKDIR with a relative path',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3000'], trivy: ['DS-0009'], checkov: ['CKV_DOCKER_10'], buildkit: ['WorkdirRelativePath'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const workdir of context.instructions('WORKDIR')) {
      const argument = context.args(workdir)[0];
      const path = argument?.getValue();
      if (!(workdir instanceof Workdir) || !argument || !path || context.args(workdir).length !== 1) continue;
      if (/^([/$\\"']|[A-Za-z]:)/.test(path)) continue;
      const stage = context.stageOf(workdir);
      if (baseImageTraits(stage?.baseImage).family === 'windows') continue;
      const previous = stage ? previousWorkdir(context, stage, workdir) : undefined;
      const earlier = previous !== undefined;
      const absolute = previous?.startsWith('/') ? posix.join(previous, path) : undefined;
      const fixes: Fix[] = [];
      const plainToken = context.text.slice(argument.getRange()) === path;
      if (!plainToken) {
        // Quoted or escaped paths are left to the user.
      } else if (earlier && absolute && absolute.startsWith('/') && !absolute.includes('$')) {
        fixes.push({ title: `Use ${absolute}`, safe: true, edits: [{ range: argument.getRange(), newText: absolute }] });
      } else if (!earlier) {
        // Resolved against `/` unless the base image set a WORKDIR of its own: review.
        const rooted = posix.join('/', path);
        fixes.push({ title: `Use ${rooted}`, safe: false, edits: [{ range: argument.getRange(), newText: rooted }] });
      }
      reports.push(context.report(workdir, argument.getRange(), `WORKDIR ${path} is relative, so it depends on the WORKDIR the base image or an earlier stage set: use an absolute path`, fixes));
    }
    return reports;
  },
};

/**
 * The directory the WORKDIR starts from: the previous WORKDIR in the stage or the stages it
 * builds on, itself resolved. Undefined when none sets one (then the base image decides).
 */
function previousWorkdir(context: RuleContext, stage: Stage, workdir: Instruction): string | undefined {
  const line = workdir.getRange().start.line;
  const earlier = lineage(stage)
    .reverse()
    .flatMap((link) => link.instructions)
    .filter((other) => context.keyword(other) === 'WORKDIR' && other.getRange().start.line < line);
  let directory: string | undefined;
  for (const other of earlier) {
    const path = context.args(other)[0]?.getValue();
    if (!path) continue;
    directory = path.startsWith('/') || directory === undefined ? path : posix.join(directory, path);
  }
  return directory;
}

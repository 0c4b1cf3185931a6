import { Workdir } from 'dockerfile-ast';
import { baseImageTraits } from '../baseImage';
import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import { lineage } from '../stageModel';

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
      const argument = workdir.getArguments()[0];
      const path = argument?.getValue();
      const stage = context.stageOf(workdir);
      if (!(workdir instanceof Workdir) || !argument || !path || workdir.getArguments().length !== 1) continue;
      if (/^([/$\\"']|[A-Za-z]:)/.test(path) || baseImageTraits(stage?.baseImage).family === 'windows') continue;
      const line = workdir.getRange().start.line;
      const earlier = stage ? lineage(stage).flatMap((link) => link.instructions).some((other) => other.getKeyword() === 'WORKDIR' && other.getRange().start.line < line) : false;
      const absolute = workdir.getAbsolutePath();
      const fixes: Fix[] = [];
      const plainToken = context.text.slice(argument.getRange()) === path;
      if (!plainToken) {
        // Quoted or escaped paths are left to the user.
      } else if (earlier && absolute && absolute.startsWith('/') && !absolute.includes('$')) {
        fixes.push({ title: `Use ${absolute}`, safe: true, edits: [{ range: argument.getRange(), newText: absolute }] });
      } else if (!earlier) {
        // Resolved against `/` unless the base image set a WORKDIR of its own: review.
        fixes.push({ title: `Use /${path}`, safe: false, edits: [{ range: argument.getRange(), newText: `/${path}` }] });
      }
      reports.push(context.report(workdir, argument.getRange(), `WORKDIR ${path} is relative, so it depends on the WORKDIR the base image or an earlier stage set: use an absolute path`, fixes));
    }
    return reports;
  },
};

import type { Rule, RuleReport } from '../rule';
import { parseImageReference } from '../baseImage';

/** HX023 (off by default): an untagged or `latest` base changes under you between builds. */
export const unpinnedBase: Rule = {
  id: 'HX023',
  name: 'unpinned-base',
  summary: 'Base image untagged or tagged `latest`',
  defaultSeverity: 'warning',
  enabledByDefault: false,
  related: { hadolint: ['DL3006', 'DL3007'], trivy: ['DS-0001'], checkov: ['CKV_DOCKER_7'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const stage of context.stages.stages) {
      if (stage.parent) continue;
      const from = stage.from;
      const image = stage.baseImage;
      if (!image || image.toLowerCase() === 'scratch') continue;
      const reference = parseImageReference(image);
      if (reference.digest || (reference.tag !== undefined && reference.tag.toLowerCase() !== 'latest')) continue;
      const range = from.getImageRange() ?? from.getRange();
      const what = reference.tag ? 'is tagged `latest`' : 'has no tag';
      reports.push(context.report(from, range, `The base image ${image} ${what}, so each build may get a different image: pin a version tag or a digest`));
    }
    return reports;
  },
};

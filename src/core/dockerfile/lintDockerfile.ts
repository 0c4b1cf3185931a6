import { DockerfileParser } from 'dockerfile-ast';
import type { BuildContext } from './buildContext';
import { DockerfileText } from './dockerfileText';
import { compareFindings, type Finding } from './finding';
import { IgnoreDirectives } from './ignoreDirectives';
import type { ProfileFacts } from './profileFacts';
import { defaultLintConfig, type LintConfig } from './lintConfig';
import type { Rule } from './rule';
import { RuleContext } from './ruleContext';
import { ruleDocsFile } from './ruleDocs';
import { allRules } from './rules/index';

export interface LintOptions {
  readonly config?: LintConfig;
  /** Defaults to every rule; tests narrow it to one. */
  readonly rules?: readonly Rule[];
  /** The build context, when it may be read: scripts' shebangs and archives tell rules more. */
  readonly buildContext?: BuildContext;
  /**
   * What a profile of the image this Dockerfile builds decided (a manifest whose `image.build`
   * names it): rules that would guess — the user to run as — say what the profile found instead.
   */
  readonly profile?: ProfileFacts;
}

/**
 * Lints Dockerfile text. A leading BOM is allowed; ranges refer to the text without it, as
 * editors show it. Findings silenced by ignore comments or turned off in the config are left out.
 */
export function lintDockerfile(source: string, options: LintOptions = {}): Finding[] {
  const text = new DockerfileText(source);
  const context = new RuleContext(text, DockerfileParser.parse(text.content), options.buildContext, options.profile);
  const ignores = new IgnoreDirectives(text);
  const config = options.config ?? defaultLintConfig;
  const findings: Finding[] = [];
  for (const rule of options.rules ?? allRules) {
    const setting = config.rules.get(rule.id) ?? (rule.enabledByDefault ? rule.defaultSeverity : 'off');
    if (setting === 'off') continue;
    // A parent stage's instruction is judged once per target that inherits it: report it once.
    const seen = new Set<string>();
    for (const report of rule.check(context)) {
      const key = `${report.range.start.line}:${report.range.start.character}:${report.range.end.line}:${report.range.end.character}:${report.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const finding: Finding = {
        ruleId: rule.id,
        severity: setting,
        message: report.message,
        range: report.range,
        instructionLine: report.instructionLine,
        docs: ruleDocsFile(rule),
        related: rule.related,
        fixes: report.fixes ?? [],
      };
      if (!ignores.isIgnored(finding)) findings.push(finding);
    }
  }
  return findings.sort(compareFindings);
}

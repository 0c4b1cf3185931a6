import { pathToFileURL } from 'node:url';
import type { Finding, Fix, Range, Severity } from './finding';
import type { Rule } from './rule';
import { ruleDocsFile, ruleDocsMarkdown } from './ruleDocs';

/** The findings of one file, the path as it should appear in the report (relative, `/`). */
export interface FileFindings {
  readonly uri: string;
  readonly findings: readonly Finding[];
}

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A SARIF 2.1.0 log for code-scanning services, with every rule's metadata and its documentation. */
export function sarifReport(files: readonly FileFindings[], rules: readonly Rule[], toolVersion: string): object {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'harden',
            version: toolVersion,
            rules: rules.map(ruleDescriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: files.flatMap((file) => file.findings.map((finding) => result(file.uri, finding, ruleIndex.get(finding.ruleId)))),
      },
    ],
  };
}

function ruleDescriptor(rule: Rule): object {
  const markdown = ruleDocsMarkdown(rule);
  const related = Object.entries(rule.related).flatMap(([tool, ids]) => (ids as readonly string[]).map((id) => `${tool}:${id}`));
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.summary },
    // The documentation travels inside the log (code-scanning services show `help`); the URI is the shipped file.
    helpUri: pathToFileURL(ruleDocsFile(rule)).href,
    help: { text: `${rule.summary}.`, ...(markdown === undefined ? {} : { markdown }) },
    defaultConfiguration: { level: levels[rule.defaultSeverity], enabled: rule.enabledByDefault },
    properties: { tags: ['security', 'container', ...related] },
  };
}

function result(uri: string, finding: Finding, index: number | undefined): object {
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: levels[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: region(finding.range) } }],
    ...(finding.fixes.length > 0 ? { fixes: finding.fixes.map((fix) => sarifFix(uri, fix)) } : {}),
  };
}

function sarifFix(uri: string, fix: Fix): object {
  return {
    description: { text: fix.safe ? fix.title : `${fix.title} (review)` },
    artifactChanges: [
      {
        artifactLocation: { uri },
        replacements: fix.edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
      },
    ],
  };
}

/** SARIF lines and columns are 1-based; the end column points past the last character. */
function region(range: Range): object {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

import type { DockerfileText } from './dockerfileText';
import type { Finding, Fix } from './finding';

const lineDirective = /^[ \t]*#[ \t]*harden-ignore[ \t]*=[ \t]*([A-Za-z0-9, \t]*)/;
const fileDirective = /^[ \t]*#[ \t]*harden-ignore-file[ \t]*=[ \t]*([A-Za-z0-9, \t]*)/;

/**
 * `# harden-ignore=HX001,HX004` in the comment lines right above an instruction silences those
 * rules for that instruction; `# harden-ignore-file=HX023` anywhere silences them for the file.
 */
export class IgnoreDirectives {
  private readonly fileIds = new Set<string>();
  private readonly lineCache = new Map<number, Set<string>>();
  private readonly present: boolean;

  constructor(private readonly text: DockerfileText) {
    this.present = text.content.includes('harden-ignore');
    if (!this.present) return;
    for (let line = 0; line < text.lineCount; line += 1) {
      const match = fileDirective.exec(text.lineText(line));
      if (match) for (const id of parseIds(match[1] ?? '')) this.fileIds.add(id);
    }
  }

  isIgnored(finding: Pick<Finding, 'ruleId' | 'instructionLine'>): boolean {
    if (!this.present) return false;
    return this.fileIds.has(finding.ruleId) || this.idsAbove(finding.instructionLine).has(finding.ruleId);
  }

  private idsAbove(instructionLine: number): Set<string> {
    let ids = this.lineCache.get(instructionLine);
    if (!ids) {
      ids = new Set();
      for (let line = instructionLine - 1; line >= 0 && isComment(this.text.lineText(line)); line -= 1) {
        const match = lineDirective.exec(this.text.lineText(line));
        if (match) for (const id of parseIds(match[1] ?? '')) ids.add(id);
      }
      this.lineCache.set(instructionLine, ids);
    }
    return ids;
  }
}

/**
 * A fix that ignores the finding's rule for its instruction: it extends an ignore comment right
 * above, or inserts one with the instruction's indentation and the file's line ending.
 * `harden lint --fix` never applies it; the editor offers it.
 */
export function ignoreFix(text: DockerfileText, finding: Pick<Finding, 'ruleId' | 'instructionLine'>): Fix {
  const title = `Ignore ${finding.ruleId} for this instruction`;
  const line = finding.instructionLine;
  const above = line > 0 ? text.lineText(line - 1) : '';
  const existing = lineDirective.exec(above);
  if (existing) {
    const listEnd = existing[0].replace(/[ \t]+$/, '').length;
    const separator = existing[1]?.trim() ? ',' : '';
    return {
      title,
      safe: false,
      edits: [{ range: { start: { line: line - 1, character: listEnd }, end: { line: line - 1, character: listEnd } }, newText: `${separator}${finding.ruleId}` }],
    };
  }
  const position = { line, character: 0 };
  return {
    title,
    safe: false,
    edits: [{ range: { start: position, end: position }, newText: `${text.indentationOf(line)}# harden-ignore=${finding.ruleId}${text.eol}` }],
  };
}

function isComment(line: string): boolean {
  return /^[ \t]*#/.test(line);
}

function parseIds(list: string): string[] {
  return list.split(/[\s,]+/).filter((id) => id.length > 0).map((id) => id.toUpperCase());
}

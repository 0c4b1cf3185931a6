import type { Position, Range } from './finding';

const BOM = '\uFEFF';

/**
 * The text of a Dockerfile as editors see it: without the byte order mark, with a table of
 * line starts so ranges from dockerfile-ast map to offsets and back.
 */
export class DockerfileText {
  readonly hasBom: boolean;
  /** The text without a leading BOM; every range refers to it. */
  readonly content: string;
  /** The file's own line ending, used for inserted lines. */
  readonly eol: '\n' | '\r\n';
  private readonly lineStarts: number[];

  constructor(raw: string) {
    this.hasBom = raw.startsWith(BOM);
    this.content = this.hasBom ? raw.slice(BOM.length) : raw;
    this.eol = /\r\n/.test(this.content) ? '\r\n' : '\n';
    this.lineStarts = computeLineStarts(this.content);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  offsetAt(position: Position): number {
    const start = this.lineStarts[Math.min(position.line, this.lineStarts.length - 1)] ?? 0;
    return Math.min(start + position.character, this.lineEnd(position.line));
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: offset - (this.lineStarts[low] ?? 0) };
  }

  slice(range: Range): string {
    return this.content.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    return this.content.slice(this.lineStarts[line] ?? this.content.length, this.lineEnd(line));
  }

  indentationOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))?.[0] ?? '';
  }

  /** Puts the BOM back, for text produced by editing `content`. */
  withBom(content: string): string {
    return this.hasBom ? BOM + content : content;
  }

  private lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.content.length;
    const breakLength = this.content[next - 2] === '\r' ? 2 : 1;
    return next - breakLength;
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === 10) starts.push(index + 1);
    else if (char === 13 && text.charCodeAt(index + 1) !== 10) starts.push(index + 1);
  }
  return starts;
}

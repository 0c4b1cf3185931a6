import { Document, isMap, isScalar, isSeq, Scalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { printable } from '../text/printable';

/**
 * yaml writes a comment's text right after `#`; the leading space makes it read `# text`. Each
 * line stays one line: a path with a line break (NEL to a YAML 1.1 reader) would otherwise end the
 * comment and turn the rest of the name into YAML.
 */
export function asComment(lines: readonly string[]): string {
  return lines.map((line) => (line === '' ? '' : ` ${printable(line)}`)).join('\n');
}

export function mapAt(node: Document | YAMLMap | YAMLSeq, path: readonly unknown[]): YAMLMap {
  const found = node.getIn(path, true);
  if (!isMap(found)) throw new Error(`internal: no mapping at ${path.join('.')}`);
  return found;
}

export function seqAt(node: Document | YAMLMap | YAMLSeq, path: readonly unknown[]): YAMLSeq {
  const found = node.getIn(path, true);
  if (!isSeq(found)) throw new Error(`internal: no sequence at ${path.join('.')}`);
  return found;
}

/** A comment on the lines above `key:` in `map`. */
export function commentBeforeKey(map: YAMLMap, key: string, lines: readonly string[]): void {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  if (!pair || !isScalar(pair.key)) throw new Error(`internal: no key ${key}`);
  pair.key.commentBefore = asComment(lines);
}

/** A comment on the lines above the `index`th `- item` of `seq`. */
export function commentBeforeItem(seq: YAMLSeq, index: number, lines: readonly string[]): void {
  (seq.items[index] as Node).commentBefore = asComment(lines);
}

/** `[ALL]` on one line: short fixed lists read better in flow style. */
export function flowList(items: unknown[]): Node {
  return new Document().createNode(items, { flow: true });
}

/** Always double-quoted: `"10001:10001"` would be a base-60 number to a YAML 1.1 reader. */
export function quoted(text: string): Scalar<string> {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

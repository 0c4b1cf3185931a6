/**
 * Paragraphs of `Name: value` fields in the RFC 822 style that dpkg's status file and Python's
 * METADATA share: a line starting with a space or tab continues the field above, an empty line
 * ends the paragraph. A field that occurs twice keeps its first value (METADATA repeats
 * `Classifier`, `Requires-Dist`; none of the fields read here repeats).
 */
export function parseFieldParagraphs(text: string): Array<Map<string, string>> {
  const paragraphs: Array<Map<string, string>> = [];
  let fields = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (fields.size > 0) paragraphs.push(fields);
      fields = new Map();
      current = undefined;
    } else if (/^[ \t]/.test(line)) {
      if (current !== undefined) fields.set(current, `${fields.get(current)}\n${line.trim()}`);
    } else {
      current = addField(fields, line);
    }
  }
  if (fields.size > 0) paragraphs.push(fields);
  return paragraphs;
}

/** Adds the field unless its name is there already; returns the name later continuation lines extend (none after a repeat). */
function addField(fields: Map<string, string>, line: string): string | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const name = line.slice(0, colon);
  if (fields.has(name)) return undefined;
  fields.set(name, line.slice(colon + 1).trim());
  return name;
}

/**
 * Splits a Compose `command:`/`entrypoint:` string into argv the way Compose does (go-shellwords):
 * quotes and backslashes group words, nothing is expanded and no shell runs. Returns undefined on an
 * unterminated quote.
 */
export function splitShellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (char === '\\' && index + 1 < text.length && (quote === undefined || '"\\$`'.includes(text[index + 1]))) {
      index += 1;
      word = (word ?? '') + text[index];
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote !== undefined) return undefined;
  if (word !== undefined) words.push(word);
  return words;
}

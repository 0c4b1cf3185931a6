import { strict as assert } from 'node:assert';
import { programAndArgs, scanShell, splitCommands } from '../../../src/core/dockerfile/shellWords';

function words(text: string, mode: 'instruction' | 'script' = 'instruction', escapeChar = '\\'): string[][] {
  const tokens = scanShell(text, 0, text.length, { escapeChar, mode });
  return splitCommands(tokens).map((command) => command.words.map((word) => word.value));
}

describe('shell words', () => {
  it('splits commands on operators and removes quotes', () => {
    assert.deepEqual(words(`apt-get update && apt-get install -y "a b" 'c'; echo x|sh`), [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'a b', 'c'],
      ['echo', 'x'],
      ['sh'],
    ]);
  });

  it('joins continuation lines and drops comment lines inside them, as Docker does', () => {
    assert.deepEqual(words('apt-get install \\\r\n  # a comment\r\n\r\n  curl'), [['apt-get', 'install', 'curl']]);
  });

  it('uses the escape directive character for continuations', () => {
    assert.deepEqual(words('powershell -Command `\n  Write-Host C:\\app', 'instruction', '`'), [['powershell', '-Command', 'Write-Host', 'C:\\app']]);
  });

  it('treats newlines as separators in heredoc scripts only', () => {
    assert.deepEqual(words('a 1\nb 2', 'script'), [['a', '1'], ['b', '2']]);
    assert.deepEqual(words('a 1\nb 2', 'instruction'), [['a', '1', 'b', '2']]);
  });

  it('leaves redirections and their targets out of the words', () => {
    assert.deepEqual(words('make 2>/dev/null > out.log install'), [['make', 'install']]);
  });

  it('keeps command substitutions in one word and marks it as expanding', () => {
    const text = 'sh -c "$(curl x)" $(echo a b)';
    const tokens = scanShell(text, 0, text.length, { escapeChar: '\\', mode: 'instruction' });
    assert.deepEqual(tokens.map((token) => [token.value, token.expands]), [['sh', false], ['-c', false], ['$(curl x)', true], ['$(echo a b)', true]]);
  });

  it('gives offsets that point at the word in the text', () => {
    const text = 'RUN  apt-get   install';
    const tokens = scanShell(text, 4, text.length, { escapeChar: '\\', mode: 'instruction' });
    assert.deepEqual(tokens.map((token) => text.slice(token.start, token.end)), ['apt-get', 'install']);
  });

  it('finds the program past assignments and wrappers', () => {
    const [command] = splitCommands(scanShell('DEBIAN_FRONTEND=x sudo -E apt-get install', 0, 41, { escapeChar: '\\', mode: 'instruction' }));
    assert.equal(command && programAndArgs(command)?.program.value, 'apt-get');
  });

  it('would notice a wrong split', () => {
    assert.notDeepEqual(words('a && b'), [['a', '&&', 'b']]);
  });
});

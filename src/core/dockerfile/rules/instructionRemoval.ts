import type { Instruction } from 'dockerfile-ast';
import type { TextEdit } from '../finding';
import type { RuleContext } from '../ruleContext';

/** Deletes an instruction and its line break (an instruction owns its lines in a Dockerfile). */
export function removeInstructionEdit(context: RuleContext, instruction: Instruction): TextEdit {
  const range = instruction.getRange();
  const start = context.offsetAt({ line: range.start.line, character: 0 });
  const nextLine = range.end.line + 1;
  const end = nextLine < context.text.lineCount ? context.offsetAt({ line: nextLine, character: 0 }) : context.text.content.length;
  return context.edit(start, end, '');
}

import { Add, type Instruction } from 'dockerfile-ast';
import type { Rule } from '../rule';
import type { RuleContext } from '../ruleContext';

const archive = /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst|lz|lzma))$/i;
const remote = /^(https?|git|ssh):\/\/|^git@/i;
const addOnlyFlags = new Set(['checksum', 'keep-git-dir', 'unpack']);

/** HX013: ADD of local files does what COPY does, plus surprises (archive extraction). */
export const addLocalFiles: Rule = {
  id: 'HX013',
  name: 'add-local-files',
  summary: 'ADD used for local files where COPY does the same',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3020'], trivy: ['DS-0005'], checkov: ['CKV_DOCKER_4'] },
  check(context) {
    return context.instructions('ADD').flatMap((add) => {
      if (!(add instanceof Add)) return [];
      const sources = addSources(context, add);
      if (sources.length === 0 || sources.some((source) => remote.test(source) || archive.test(source) || source.startsWith('<<'))) return [];
      const keyword = add.getInstructionRange();
      const copy = add.getInstruction() === add.getInstruction().toLowerCase() ? 'copy' : add.getInstruction() === 'ADD' ? 'COPY' : 'Copy';
      const fixes = context.flags(add).some((flag) => addOnlyFlags.has(flag.getName())) ? [] : [{ title: 'Use COPY', safe: true, edits: [{ range: keyword, newText: copy }] }];
      return [context.report(add, keyword, 'ADD of local files: use COPY, which does not unpack archives or fetch URLs', fixes)];
    });
  },
};

/** The sources of ADD/COPY: every argument but the destination. */
export function addSources(context: RuleContext, instruction: Instruction): string[] {
  const values = context.isExecForm(instruction) ? instruction.getJSONStrings().map((value) => value.getJSONValue()) : context.args(instruction).map((arg) => arg.getValue());
  return values.slice(0, -1);
}

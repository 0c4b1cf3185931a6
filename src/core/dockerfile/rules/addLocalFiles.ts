import { Add } from 'dockerfile-ast';
import type { Fix } from '../finding';
import type { Rule } from '../rule';
import { addSources } from './addSources';

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
      if (sources.length === 0 || sources.some((source) => source.kind !== 'local' || source.archive === 'yes')) return [];
      const keyword = add.getInstructionRange();
      const copy = add.getInstruction() === add.getInstruction().toLowerCase() ? 'copy' : add.getInstruction() === 'ADD' ? 'COPY' : 'Copy';
      const fixes: Fix[] = [];
      if (!context.flags(add).some((flag) => addOnlyFlags.has(flag.getName()))) {
        // COPY never fetches or unpacks: safe only when no source can be a URL or an archive.
        const review = sources.some((source) => source.fromArg)
          ? 'a build argument may give a URL or an archive'
          : sources.some((source) => source.archive === 'maybe')
            ? 'ADD would unpack the file if it is a tar archive'
            : undefined;
        fixes.push({ title: `Use COPY${review ? ` (review: ${review})` : ''}`, safe: review === undefined, edits: [{ range: keyword, newText: copy }] });
      }
      return [context.report(add, keyword, 'ADD of local files: use COPY, which does not unpack archives or fetch URLs', fixes)];
    });
  },
};

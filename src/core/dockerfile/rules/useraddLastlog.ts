import type { Rule } from '../rule';
import { expandToken } from './imageUsers';
import { hasOption, programCalls } from './packageCommands';

/** From this uid on, the sparse lastlog and faillog entries below it weigh tens of megabytes and more. */
const largeUid = 100_000;

/** HX025: `useradd -u <big uid>` without `-l` writes a huge lastlog into the image. */
export const useraddLastlog: Rule = {
  id: 'HX025',
  name: 'useradd-lastlog',
  summary: '`useradd` with a large uid (100000 or more) but without `-l` (`--no-log-init`)',
  defaultSeverity: 'info',
  enabledByDefault: true,
  related: { hadolint: ['DL3046'] },
  check(context) {
    return programCalls(context, context.imageInstructions('RUN'), new Set(['useradd']))
      .filter((call) => !hasOption(call.args, ['--no-log-init'], 'l'))
      .flatMap((call) => {
        const uid = uidOf(call.args.map((arg) => arg.value), (index) => {
          const token = call.args[index];
          return token ? expandToken(context, call.run, token).value : '';
        });
        if (uid === undefined || uid < largeUid) return [];
        const fix = { title: 'Add -l', safe: true, edits: [context.edit(call.program.end, call.program.end, ' -l')] };
        const megabytes = Math.round((uid * 292) / 1e6);
        return [context.reportOffsets(call.run, call.program.start, call.program.end, `\`useradd\` with uid ${uid} and without \`-l\` writes a /var/log/lastlog of about ${megabytes} MB into the image: add \`-l\``, [fix])];
      });
  },
};

/** The numeric uid given with `-u N`, `-uN`, `--uid N` or `--uid=N`. */
function uidOf(words: readonly string[], expanded: (index: number) => string): number | undefined {
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    let value: string | undefined;
    if (word === '-u' || word === '--uid') value = expanded(index + 1);
    else if (word.startsWith('--uid=')) value = expanded(index).slice('--uid='.length);
    else if (/^-u\d+$/.test(word)) value = word.slice(2);
    if (value !== undefined) return /^\d+$/.test(value) ? Number(value) : undefined;
  }
  return undefined;
}

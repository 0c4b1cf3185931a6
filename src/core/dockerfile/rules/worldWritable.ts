import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import { programCalls } from './packageCommands';

const symbolicOthersWrite = /^([ugoa]*[ao][ugoa]*|)[+=][rwxXst]*w/;

/** HX017: world-writable files in the image let any process change them. */
export const worldWritable: Rule = {
  id: 'HX017',
  name: 'world-writable',
  summary: '`chmod 777` or other world-writable modes',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: {},
  check(context) {
    const reports: RuleReport[] = [];
    for (const call of programCalls(context, context.finalImageInstructions('RUN'), new Set(['chmod']))) {
      for (const arg of call.args) {
        if (arg.value.startsWith('-') && !/^-[rwx]+$/.test(arg.value)) continue;
        const mode = arg.value;
        if (/^[0-7]{3,4}$/.test(mode)) {
          if (!othersWrite(mode)) continue;
          const fix: Fix = { title: `Use ${withoutOthersWrite(mode)}`, safe: false, edits: [context.edit(arg.start, arg.end, withoutOthersWrite(mode))] };
          reports.push(context.reportOffsets(call.run, arg.start, arg.end, worldWritableMessage(mode), arg.quoted ? [] : [fix]));
        } else if (mode.split(',').some((clause) => symbolicOthersWrite.test(clause) && !/^\+/.test(clause))) {
          reports.push(context.reportOffsets(call.run, arg.start, arg.end, worldWritableMessage(mode)));
        }
        break;
      }
    }
    for (const instruction of [...context.finalImageInstructions('COPY'), ...context.finalImageInstructions('ADD')]) {
      const flag = context.flags(instruction).find((candidate) => candidate.getName() === 'chmod');
      const mode = flag?.getValue();
      const range = flag?.getValueRange();
      if (!mode || !range || !/^[0-7]{3,4}$/.test(mode) || !othersWrite(mode)) continue;
      const fix: Fix = { title: `Use ${withoutOthersWrite(mode)}`, safe: false, edits: [{ range, newText: withoutOthersWrite(mode) }] };
      reports.push(context.report(instruction, range, worldWritableMessage(mode), [fix]));
    }
    return reports;
  },
};

function othersWrite(mode: string): boolean {
  const sticky = mode.length === 4 && (Number(mode[0]) & 1) === 1;
  return !sticky && (Number(mode[mode.length - 1]) & 2) === 2;
}

function withoutOthersWrite(mode: string): string {
  return mode.slice(0, -1) + String(Number(mode[mode.length - 1]) & ~2);
}

function worldWritableMessage(mode: string): string {
  return `Mode ${mode} lets every user write here; on a read-only root filesystem mount a writable volume for data instead, and keep files owned by the app user`;
}

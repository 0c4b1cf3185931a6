import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { type ProgramCall, programCalls } from './packageCommands';

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
    for (const call of programCalls(context, context.imageInstructions('RUN'), new Set(['chmod']))) {
      const modeIndex = call.args.findIndex((arg) => !arg.value.startsWith('-') || /^-[rwxXst]+$/.test(arg.value));
      const arg = call.args[modeIndex];
      if (!arg || arg.expands) continue;
      const recursive = call.args.slice(0, modeIndex).some((option) => option.value === '--recursive' || /^-[A-Za-z]*R/.test(option.value));
      const targets = call.args.slice(modeIndex + 1).map((target) => target.value);
      if (targets.length > 0 && targets.every((target) => removedLater(context, call, target))) continue;
      const mode = arg.value;
      if (/^[0-7]{3,4}$/.test(mode)) {
        if (!othersWrite(mode, recursive)) continue;
        const fix: Fix = { title: `Use ${withoutOthersWrite(mode)}`, safe: false, edits: [context.edit(arg.start, arg.end, withoutOthersWrite(mode))] };
        reports.push(context.reportOffsets(call.run, arg.start, arg.end, worldWritableMessage(mode, recursive), arg.quoted ? [] : [fix]));
      } else if (mode.split(',').some((clause) => symbolicOthersWrite.test(clause) && !/^\+/.test(clause))) {
        reports.push(context.reportOffsets(call.run, arg.start, arg.end, worldWritableMessage(mode, recursive)));
      }
    }
    for (const instruction of [...context.imageInstructions('COPY'), ...context.imageInstructions('ADD')]) {
      const flag = context.flags(instruction).find((candidate) => candidate.getName() === 'chmod');
      const mode = flag?.getValue();
      const range = flag?.getValueRange();
      if (!mode || !range || !/^[0-7]{3,4}$/.test(mode) || !othersWrite(mode, true)) continue;
      const fix: Fix = { title: `Use ${withoutOthersWrite(mode)}`, safe: false, edits: [{ range, newText: withoutOthersWrite(mode) }] };
      reports.push(context.report(instruction, range, worldWritableMessage(mode, false), [fix]));
    }
    return reports;
  },
};

/**
 * Writable by others. The sticky `1777` of a single directory (a /tmp) is accepted; on a whole
 * tree (`chmod -R 1777`), or through COPY --chmod (every file), it makes every file world-writable.
 */
function othersWrite(mode: string, appliesToFiles: boolean): boolean {
  const sticky = mode.length === 4 && (Number(mode[0]) & 1) === 1;
  return (!sticky || appliesToFiles) && (Number(mode[mode.length - 1]) & 2) === 2;
}

/** The same RUN deletes the path afterwards (`chmod 777 /tmp/build && … && rm -rf /tmp/build`). */
function removedLater(context: RuleContext, chmod: ProgramCall, target: string): boolean {
  return programCalls(context, [chmod.run], new Set(['rm'])).some(
    (rm) => rm.program.start > chmod.program.start && rm.args.some((arg) => !arg.value.startsWith('-') && (target === arg.value || target.startsWith(`${arg.value.replace(/\/$/, '')}/`))),
  );
}

function withoutOthersWrite(mode: string): string {
  return mode.slice(0, -1) + String(Number(mode[mode.length - 1]) & ~2);
}

function worldWritableMessage(mode: string, recursive: boolean): string {
  const what = recursive ? 'every file below the path' : 'here';
  return `Mode ${mode} lets every user write ${what}; on a read-only root filesystem mount a writable volume for data instead, and keep files owned by the app user`;
}

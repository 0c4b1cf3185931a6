import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { imageIds, isRootUser, type KnownId } from './imageUsers';
import { reportPerTarget, type TargetRuntime } from './targetRuntime';

/** HX005: a named USER cannot be checked by Kubernetes `runAsNonRoot`. */
export const nonNumericUser: Rule = {
  id: 'HX005',
  name: 'non-numeric-user',
  summary: 'USER is a name, so Kubernetes cannot verify runAsNonRoot',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3066'] },
  check(context) {
    return reportPerTarget(context, (runtime) => userReport(context, runtime));
  },
};

function userReport(context: RuleContext, runtime: TargetRuntime): RuleReport | undefined {
  const user = runtime.lastUser;
  if (!user || runtime.base.family === 'windows' || context.args(user).length !== 1) return undefined;
  const argument = context.args(user)[0];
  if (!argument) return undefined;
  const expansion = context.expand(argument.getValue(), user);
  const value = expansion.value;
  if (!expansion.known || value === '' || isRootUser(value)) return undefined;
  const [name = '', group] = value.split(':');
  if (/^\d+$/.test(name) && (group === undefined || /^\d+$/.test(group))) return undefined;
  const ids = imageIds(context, runtime.stage, runtime.base);
  const uid: KnownId | undefined = /^\d+$/.test(name) ? { id: name, origin: 'dockerfile' } : ids.users.get(name);
  const gid: KnownId | undefined = group === undefined ? undefined : /^\d+$/.test(group) ? { id: group, origin: 'dockerfile' } : ids.groups.get(group);
  const fixes: Fix[] = [];
  if (uid !== undefined && (group === undefined || gid !== undefined)) {
    const numeric = group === undefined ? uid.id : `${uid.id}:${gid?.id ?? ''}`;
    const review = reviewReason(expansion.substituted, [uid, gid], ids.renumbered.has(name) || (group !== undefined && ids.renumbered.has(group)));
    fixes.push({ title: `Use the numeric id: USER ${numeric}${review ? ` (review: ${review})` : ''}`, safe: review === undefined, edits: [{ range: argument.getRange(), newText: numeric }] });
  }
  const hint = fixes.length > 0 ? `; it is ${uid?.id ?? ''}` : '; use the numeric uid (and gid) instead';
  return context.report(user, argument.getRange(), `USER ${value} is a name: Kubernetes runAsNonRoot cannot verify it is not root${hint}`, fixes);
}

/** Why writing the number in could change the image: a build argument, a base image's account, a later renumbering. */
function reviewReason(substituted: boolean, ids: readonly (KnownId | undefined)[], renumbered: boolean): string | undefined {
  if (substituted) return 'the name comes from a build argument';
  if (renumbered) return 'a later usermod/groupmod changes the id';
  if (ids.some((id) => id?.origin === 'argument')) return 'the id comes from a build argument';
  return undefined;
}

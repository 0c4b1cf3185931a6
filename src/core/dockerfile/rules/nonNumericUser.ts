import type { BaseImageFamily } from '../baseImage';
import type { Fix } from '../finding';
import type { Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { programCalls } from './packageCommands';
import { finalImageRuntime } from './finalImageRuntime';
import { isRoot } from './rootUser';

/** HX005: a named USER cannot be checked by Kubernetes `runAsNonRoot`. */
export const nonNumericUser: Rule = {
  id: 'HX005',
  name: 'non-numeric-user',
  summary: 'USER is a name, so Kubernetes cannot verify runAsNonRoot',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3066'] },
  check(context) {
    const runtime = finalImageRuntime(context);
    const user = runtime?.lastUser;
    if (!runtime || !user || runtime.base.family === 'windows') return [];
    const argument = context.args(user)[0];
    const value = argument?.getValue() ?? '';
    if (!argument || context.args(user).length !== 1 || isRoot(value) || value.includes('$')) return [];
    const [name = '', group] = value.split(':');
    if (/^\d+$/.test(name) && (group === undefined || /^\d+$/.test(group))) return [];
    const ids = knownIds(context, runtime.base.family);
    const uid = /^\d+$/.test(name) ? name : ids.users.get(name);
    const gid = group === undefined ? undefined : /^\d+$/.test(group) ? group : ids.groups.get(group);
    const fixes: Fix[] = [];
    if (uid !== undefined && (group === undefined || gid !== undefined)) {
      const numeric = group === undefined ? uid : `${uid}:${gid}`;
      fixes.push({ title: `Use the numeric id: USER ${numeric}`, safe: true, edits: [{ range: argument.getRange(), newText: numeric }] });
    }
    const hint = fixes.length > 0 ? `; it is ${uid}` : '; use the numeric uid (and gid) instead';
    return [context.report(user, argument.getRange(), `USER ${value} is a name: Kubernetes runAsNonRoot cannot verify it is not root${hint}`, fixes)];
  },
};

interface KnownIds {
  readonly users: Map<string, string>;
  readonly groups: Map<string, string>;
}

/** Ids the image is known to have: those created in the Dockerfile, then the base image's own. */
function knownIds(context: RuleContext, family: BaseImageFamily): KnownIds {
  const users = new Map<string, string>([['nobody', '65534']]);
  const groups = new Map<string, string>([['nogroup', '65534']]);
  if (family === 'distroless' || family === 'chainguard') {
    users.set('nonroot', '65532');
    groups.set('nonroot', '65532');
  }
  if (family === 'debian') {
    users.set('www-data', '33');
    groups.set('www-data', '33');
  }
  const baseImage = context.stages.finalStage?.baseImage ?? '';
  if (/^(docker\.io\/)?(library\/)?node(:|$)/.test(baseImage)) {
    users.set('node', '1000');
    groups.set('node', '1000');
  }
  const runs = context.instructions('RUN');
  for (const call of programCalls(context, runs, new Set(['useradd', 'adduser', 'groupadd', 'addgroup']))) {
    const id = optionValue(call.args.map((arg) => arg.value), call.name.includes('group') ? ['-g', '--gid'] : ['-u', '--uid']);
    // `useradd [options] NAME`: the name is the last word that is neither an option nor the id.
    const entity = call.args.filter((arg) => !arg.value.startsWith('-') && arg.value !== id).pop()?.value;
    if (id && /^\d+$/.test(id) && entity) (call.name.includes('group') ? groups : users).set(entity, id);
  }
  return { users, groups };
}

function optionValue(words: readonly string[], names: readonly string[]): string | undefined {
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const inline = names.map((name) => (word.startsWith(`${name}=`) ? word.slice(name.length + 1) : undefined)).find(Boolean);
    if (inline) return inline;
    if (names.includes(word)) return words[index + 1];
  }
  return undefined;
}

import type { Instruction } from 'dockerfile-ast';
import type { BaseImageTraits } from '../baseImage';
import type { Expansion } from '../buildVariables';
import type { RuleContext } from '../ruleContext';
import type { ShellToken } from '../shellWords';
import { lineage, type Stage } from '../stageModel';
import { type ProgramCall, programCalls } from './packageCommands';

/** A user or group id as the image will have it. */
export interface KnownId {
  readonly id: string;
  /**
   * `dockerfile`: a literal in this file's `useradd -u`; `argument`: from an ARG default that a
   * `--build-arg` may change; `base`: what the base image is known to ship.
   */
  readonly origin: 'dockerfile' | 'argument' | 'base';
}

export interface ImageIds {
  readonly users: ReadonlyMap<string, KnownId>;
  readonly groups: ReadonlyMap<string, KnownId>;
  /** Users and groups whose id a later `usermod -u` / `groupmod -g` changes. */
  readonly renumbered: ReadonlySet<string>;
  /** The last user created with an id, and its group when known. */
  readonly lastCreated: { readonly name: string; readonly uid: KnownId; readonly gid: KnownId | undefined } | undefined;
}

/** Options of useradd/adduser/groupadd/addgroup that take a value (per program). */
const valueOptions: Record<string, ReadonlySet<string>> = {
  useradd: new Set(['-u', '--uid', '-g', '--gid', '-G', '--groups', '-s', '--shell', '-d', '--home', '--home-dir', '-c', '--comment', '-k', '--skel', '-K', '--key', '-e', '--expiredate', '-f', '--inactive', '-p', '--password', '-b', '--base-dir', '-Z', '--selinux-user', '-R', '--root', '-P', '--prefix']),
  adduser: new Set(['-u', '--uid', '-G', '--ingroup', '-g', '--gecos', '--gid', '-s', '--shell', '-h', '--home', '-k', '--comment', '--firstuid', '--lastuid', '--conf', '--add_extra_groups', '--allow-bad-names', '--extrausers']),
  groupadd: new Set(['-g', '--gid', '-K', '--key', '-p', '--password', '-R', '--root', '-P', '--prefix']),
  addgroup: new Set(['-g', '--gid', '--conf']),
  usermod: new Set(['-u', '--uid', '-g', '--gid', '-G', '--groups', '-s', '--shell', '-d', '--home', '-c', '--comment', '-l', '--login', '-e', '-f', '-p', '-R', '-P']),
  groupmod: new Set(['-g', '--gid', '-n', '--new-name', '-p', '-R', '-P']),
};
/** Flags that take no value: adduser's `--disabled-password`, `-D`, `-S`, … (everything else starting with `-`). */
const noValue = new Set(['--system', '--group', '--disabled-password', '--disabled-login', '--no-create-home', '--quiet', '-D', '-S', '-H', '-r', '-m', '-M', '-l', '-N', '-U', '-o']);

/** Users and groups the image has: those created in the stage's lineage, then the base image's own. */
export function imageIds(context: RuleContext, stage: Stage, base: BaseImageTraits): ImageIds {
  const known = context.memo('imageIds', () => new Map<Stage, ImageIds>());
  let ids = known.get(stage);
  if (!ids) {
    ids = computeImageIds(context, stage, base);
    known.set(stage, ids);
  }
  return ids;
}

function computeImageIds(context: RuleContext, stage: Stage, base: BaseImageTraits): ImageIds {
  const users = new Map<string, KnownId>();
  const groups = new Map<string, KnownId>();
  for (const [name, id] of Object.entries(base.knownUsers)) users.set(name, { id, origin: 'base' });
  for (const [name, id] of Object.entries(base.knownGroups)) groups.set(name, { id, origin: 'base' });
  const renumbered = new Set<string>();
  let lastCreated: ImageIds['lastCreated'];
  const runs = lineage(stage).flatMap((link) => link.instructions).filter((instruction) => context.keyword(instruction) === 'RUN');
  const calls = programCalls(context, runs, new Set(Object.keys(valueOptions))).sort((a, b) => a.program.start - b.program.start);
  for (const call of calls) {
    const parsed = parseAccountCommand(context, call);
    if (!parsed.name) continue;
    if (call.name === 'usermod' || call.name === 'groupmod') {
      if (parsed.options.has('-u') || parsed.options.has('--uid') || parsed.options.has('-g') || parsed.options.has('--gid')) renumbered.add(parsed.name);
      continue;
    }
    const isGroup = call.name === 'groupadd' || call.name === 'addgroup';
    const idWord = parsed.options.get(isGroup ? '-g' : '-u') ?? parsed.options.get(isGroup ? '--gid' : '--uid');
    const id = idWord && knownId(idWord);
    if (isGroup) {
      if (id) groups.set(parsed.name, id);
      continue;
    }
    if (!id) continue;
    users.set(parsed.name, id);
    const groupWord = call.name === 'useradd' ? (parsed.options.get('-g') ?? parsed.options.get('--gid')) : (parsed.options.get('-G') ?? parsed.options.get('--ingroup') ?? parsed.options.get('--gid'));
    let gid: KnownId | undefined;
    if (groupWord) gid = /^\d+$/.test(groupWord.value) ? knownId(groupWord) : groups.get(groupWord.value);
    // `useradd -U` / `adduser --group` / busybox `adduser` make a group of the user's name.
    else gid = groups.get(parsed.name) ?? (call.name === 'adduser' || parsed.flags.has('-U') ? id : undefined);
    if (gid && !groups.has(parsed.name) && !groupWord) groups.set(parsed.name, gid);
    lastCreated = { name: parsed.name, uid: id, gid };
  }
  return { users, groups, renumbered, lastCreated };
}

interface AccountCommand {
  readonly name: string | undefined;
  readonly options: ReadonlyMap<string, Expansion>;
  readonly flags: ReadonlySet<string>;
}

function parseAccountCommand(context: RuleContext, call: ProgramCall): AccountCommand {
  const options = new Map<string, Expansion>();
  const flags = new Set<string>();
  const operands: string[] = [];
  const takesValue = valueOptions[call.name] ?? new Set<string>();
  for (let index = 0; index < call.args.length; index += 1) {
    const arg = call.args[index];
    if (!arg) continue;
    const value = arg.value;
    if (value.startsWith('-') && value.length > 1) {
      const equals = value.indexOf('=');
      if (value.startsWith('--') && equals > 0) {
        options.set(value.slice(0, equals), expandToken(context, call.run, arg, equals + 1));
      } else if (takesValue.has(value) && !noValue.has(value)) {
        const next = call.args[index + 1];
        if (next) options.set(value, expandToken(context, call.run, next));
        index += 1;
      } else if (/^-[A-Za-z]{2,}$/.test(value)) {
        // Bundled short flags, the last one may take the next word (`-Du 1000`).
        for (const letter of value.slice(1, -1)) flags.add(`-${letter}`);
        const last = `-${value.slice(-1)}`;
        if (takesValue.has(last)) {
          const next = call.args[index + 1];
          if (next) options.set(last, expandToken(context, call.run, next));
          index += 1;
        } else flags.add(last);
      } else {
        flags.add(value);
      }
    } else {
      operands.push(expandToken(context, call.run, arg).value);
    }
  }
  // `adduser USER GROUP` / `addgroup USER GROUP` add an existing user to a group: nothing new.
  const name = (call.name === 'adduser' || call.name === 'addgroup') && operands.length > 1 ? undefined : operands[0];
  return { name, options, flags };
}

/** A shell word of a RUN with the ARG/ENV values the shell would see (RUN's environment). */
export function expandToken(context: RuleContext, run: Instruction, token: ShellToken, skip = 0): Expansion {
  const raw = context.text.content.slice(token.start, token.end).slice(skip);
  if (!token.expands) return { value: token.value.slice(skip), known: true, substituted: false, fromArg: false };
  return context.expand(raw, run);
}

function knownId(word: Expansion): KnownId | undefined {
  if (!word.known || !/^\d+$/.test(word.value)) return undefined;
  return { id: word.value, origin: word.fromArg || word.substituted ? 'argument' : 'dockerfile' };
}

export function isRootUser(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === 'root' || /^0+$/.test(name);
}

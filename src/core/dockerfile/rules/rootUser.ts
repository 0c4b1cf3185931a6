import type { Instruction } from 'dockerfile-ast';
import type { Fix, Range } from '../finding';
import { type ProfileFacts, profiledUserWithReason } from '../profileFacts';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import { imageIds, isRootUser } from './imageUsers';
import { basename } from '../shellWords';
import { reportPerTarget, type TargetRuntime } from './targetRuntime';

/** HX004: an image that runs as root. */
export const rootUser: Rule = {
  id: 'HX004',
  name: 'root-user',
  summary: 'A runnable image runs as root (no USER, or the last USER is root/0)',
  defaultSeverity: 'error',
  enabledByDefault: true,
  related: { hadolint: ['DL3002'], trivy: ['DS-0002'], checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'] },
  check(context) {
    return reportPerTarget(context, (runtime) => rootReport(context, runtime));
  },
};

function rootReport(context: RuleContext, runtime: TargetRuntime): RuleReport | undefined {
  if (runtime.base.family === 'windows') return undefined;
  const stage = runtime.stage;
  const target = stage === context.stages.finalStage ? 'the final stage' : `the target \`${stage.name ?? stage.index}\``;
  // A profile is of the image a plain `docker build` makes: the final stage's.
  const profile = stage === context.stages.finalStage ? context.profile : undefined;
  const user = runtime.lastUser;
  if (user) {
    const raw = context.args(user)[0]?.getValue() ?? '';
    const value = context.expand(raw, user);
    if (!value.known || !isRootUser(value.value)) return undefined;
    const range = user.getArgumentsRange() ?? user.getRange();
    const runsAsRoot = `The last USER of ${target} is ${value.value}, so the container runs as root`;
    if (profile) return profiledReport(context, runtime, user, range, runsAsRoot, profile);
    const suggestion = suggestedUser(context, runtime);
    return context.report(user, range, `${runsAsRoot}; switch to a numeric non-root user (${suggestion}) before CMD/ENTRYPOINT`, [addUserFix(context, runtime, suggestion)]);
  }
  if (runtime.base.runsAsNonRoot || usesSudoOnUnknownBase(context, runtime)) return undefined;
  // The profile ran the built image: its base's user is a fact, not a guess.
  if (profile && profile.imageUser !== '' && !isRootUser(profile.imageUser)) return undefined;
  const from = stage.from;
  const range = from.getImageRange() ?? from.getRange();
  // The user of an image this linter does not know is its own business: say so.
  const runsAs = runtime.base.family === 'unknown' && !profile ? `runs as the base image's user (root, unless ${stage.baseImage ?? 'the base image'} sets another)` : 'runs as root';
  if (profile) return profiledReport(context, runtime, from, range, `${capitalized(target)} sets no USER, so the container ${runsAs}`, profile);
  const suggestion = suggestedUser(context, runtime);
  return context.report(from, range, `${capitalized(target)} sets no USER, so the container ${runsAs}; add \`USER ${suggestion}\` before CMD/ENTRYPOINT and make the files it needs readable by that user`, [addUserFix(context, runtime, suggestion)]);
}

/**
 * What the profile of the built image decided: the uid it ran the app as (the owner of its data
 * directory, say), or root and why — and then no USER fix, since the profile showed it would break.
 */
function profiledReport(context: RuleContext, runtime: TargetRuntime, instruction: Instruction, range: Range, runsAsRoot: string, profile: ProfileFacts): RuleReport {
  const { runAs } = profile;
  if (!runAs.nonRoot) {
    return context.report(instruction, range, `${runsAsRoot}, and the profile (${profile.manifestPath}) keeps root: ${runAs.reason}; a USER would break it until that changes`);
  }
  const user = `${runAs.uid}:${runAs.gid}`;
  const message = `${runsAsRoot}; the profile (${profile.manifestPath}) ran it as ${profiledUserWithReason(profile)}: add \`USER ${user}\` before CMD/ENTRYPOINT`;
  return context.report(instruction, range, message, [addUserFix(context, runtime, user, `Run as ${user}, as the profile did${profile.ownedPaths.length > 0 ? ` (the owner of ${profile.ownedPaths.join(' and ')})` : ''}`)]);
}

/**
 * RUN with sudo and no USER before it: the base image (one this linter does not know) runs as
 * another user, so "no USER means root" does not hold.
 */
function usesSudoOnUnknownBase(context: RuleContext, runtime: TargetRuntime): boolean {
  if (runtime.base.family !== 'unknown') return false;
  return runtime.instructions
    .filter((instruction) => context.keyword(instruction) === 'RUN')
    .some((run) => context.shellCommands(run).some((command) => basename(command.words.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.value))?.value ?? '') === 'sudo'));
}

/** The user the Dockerfile creates (`useradd -u 10001 app`), else the id the README gives the base family. */
function suggestedUser(context: RuleContext, runtime: TargetRuntime): string {
  const created = imageIds(context, runtime.stage, runtime.base).lastCreated;
  if (created && created.uid.origin === 'dockerfile') return created.gid?.origin === 'dockerfile' ? `${created.uid.id}:${created.gid.id}` : created.uid.id;
  return runtime.base.suggestedUser;
}

/** Inserts `USER uid:gid` before the first CMD/ENTRYPOINT after the target's last USER, or at its end. */
function addUserFix(context: RuleContext, runtime: TargetRuntime, user: string, title = `Run as ${user} (review file ownership: COPY --chown=${user})`): Fix {
  const instructions: readonly Instruction[] = runtime.stage.instructions;
  const lastUserIndex = instructions.map((instruction) => context.keyword(instruction)).lastIndexOf('USER');
  const target = instructions.find((instruction, index) => index > lastUserIndex && /^(CMD|ENTRYPOINT)$/.test(context.keyword(instruction)));
  if (target) {
    const line = target.getRange().start.line;
    const position = { line, character: 0 };
    return { title, safe: false, edits: [{ range: { start: position, end: position }, newText: `${context.text.indentationOf(line)}USER ${user}${context.text.eol}` }] };
  }
  const last = instructions[instructions.length - 1];
  const end = last ? last.getRange().end : { line: 0, character: 0 };
  return { title, safe: false, edits: [{ range: { start: end, end }, newText: `${context.text.eol}USER ${user}` }] };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

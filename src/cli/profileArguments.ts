import { access, readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { ProfileRequest } from '../core/editor/profileRequest';
import { HardenError } from '../core/errors';
import { defaultOutputDir } from '../core/generate/generateOptions';
import { serviceNameFromImage } from '../core/generate/serviceName';
import { PROFILE_SETTINGS_FILE, profileSettingsSummary, readProfileSettingsFile, type ProfileSettings } from '../core/profile/profileSettings';
import { parseProbe } from '../core/run/probes';
import { parseSeconds } from './cliOptions';

/** The run flags of `harden profile` as parseArgs returns them. */
export interface ProfileRunFlags {
  probe: string[];
  duration?: string;
  entrypoint?: string[];
  cmd?: string[];
  env: string[];
  user?: string;
  out?: string;
}

export interface ResolvedProfileArguments {
  request: ProfileRequest;
  /** The output directory as the user would type it (relative to cwd when it is below it). */
  shownOutputDir: string;
  /** What was taken from a settings file, for one line on stderr; none when no file was used. */
  settingsNote?: string;
}

/**
 * What `harden profile [IMAGE] [flags]` profiles and where it writes. The run settings come from
 * `<out>/profile-settings.yaml` when it is for the same image (a profile written by the editor or
 * an earlier run), with each flag given overriding its field; with no IMAGE, from the one settings
 * file under `.harden/*` here (or under `--out`).
 */
export async function resolveProfileArguments(positionals: readonly string[], flags: ProfileRunFlags, cwd: string, usageLine: string): Promise<ResolvedProfileArguments> {
  if (positionals.length > 1) throw new HardenError('usage', `profile takes one IMAGE, not ${positionals.length} (${positionals.join(', ')}).`, [usageLine]);
  const image = positionals[0] as string | undefined;
  const located = image !== undefined ? await settingsForImage(image, flags.out, cwd) : await settingsToRepeat(flags.out, cwd, usageLine);
  const reference = image ?? (located.settings as ProfileSettings).reference;
  const base: ProfileRequest = located.settings ?? { reference, probes: [], env: [] };
  const request = withFlags(base, flags);
  const overridden = overriddenFlags(flags);
  const settingsNote = located.settings
    ? `using the profile settings in ${join(located.shownOutputDir, PROFILE_SETTINGS_FILE)} (${profileSettingsSummary(located.settings)})${overridden.length > 0 ? `, with ${overridden.join(', ')} from the command line` : ''}`
    : located.ignored;
  return { request, shownOutputDir: located.shownOutputDir, ...(settingsNote ? { settingsNote } : {}) };
}

interface LocatedSettings {
  settings?: ProfileSettings;
  shownOutputDir: string;
  /** Why a settings file beside the output was not used. */
  ignored?: string;
}

async function settingsForImage(image: string, out: string | undefined, cwd: string): Promise<LocatedSettings> {
  const shownOutputDir = out ?? defaultOutputDir(serviceNameFromImage(image));
  const settings = await readIfPresent(resolve(cwd, shownOutputDir, PROFILE_SETTINGS_FILE));
  if (!settings) return { shownOutputDir };
  if (settings.reference !== image) {
    return { shownOutputDir, ignored: `not using ${join(shownOutputDir, PROFILE_SETTINGS_FILE)}: it is for ${settings.reference}, not ${image} (it is rewritten for ${image})` };
  }
  return { settings, shownOutputDir };
}

async function settingsToRepeat(out: string | undefined, cwd: string, usageLine: string): Promise<LocatedSettings> {
  if (out !== undefined) {
    const settings = await readIfPresent(resolve(cwd, out, PROFILE_SETTINGS_FILE));
    if (!settings) throw new HardenError('usage', `profile needs an IMAGE: ${join(out, PROFILE_SETTINGS_FILE)} does not exist, so there is no earlier profile to repeat.`, [usageLine]);
    return { settings, shownOutputDir: out };
  }
  const found = await settingsFilesUnder(cwd);
  if (found.length === 0) {
    throw new HardenError('usage', `profile needs an IMAGE: there is no .harden/*/${PROFILE_SETTINGS_FILE} in ${cwd} to repeat.`, [usageLine]);
  }
  if (found.length > 1) {
    const dirs = found.map((file) => relative(cwd, file).split(sep).slice(0, -1).join('/'));
    throw new HardenError('usage', `profile needs an IMAGE or --out: ${dirs.length} profiles here could be repeated (${dirs.join(', ')}); pass --out ${dirs[0]} to repeat that one.`, [usageLine]);
  }
  const shownOutputDir = relative(cwd, found[0]).split(sep).slice(0, -1).join('/');
  return { settings: await readProfileSettingsFile(found[0]), shownOutputDir };
}

/** `.harden/<service>/profile-settings.yaml` below `cwd`, sorted. */
async function settingsFilesUnder(cwd: string): Promise<string[]> {
  const root = join(cwd, '.harden');
  const services = await readdir(root, { withFileTypes: true }).catch(() => []);
  const candidates = services.filter((entry) => entry.isDirectory()).map((entry) => join(root, entry.name, PROFILE_SETTINGS_FILE));
  const present = await Promise.all(candidates.map(async (file) => ((await exists(file)) ? [file] : [])));
  return present.flat().sort();
}

async function readIfPresent(path: string): Promise<ProfileSettings | undefined> {
  return (await exists(path)) ? readProfileSettingsFile(path) : undefined;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Each flag given replaces its field; `--probe` and `--duration` together say how to wait, so either replaces both. */
function withFlags(base: ProfileRequest, flags: ProfileRunFlags): ProfileRequest {
  for (const pair of flags.env) {
    if (!/^[^=]+=/.test(pair)) throw new HardenError('usage', `--env ${pair}: expected KEY=VALUE.`);
  }
  const request: ProfileRequest = { ...base, probes: [...base.probes], env: [...base.env] };
  if (flags.probe.length > 0 || flags.duration !== undefined) {
    request.probes = flags.probe.map(parseProbe);
    delete request.durationSeconds;
    if (flags.duration !== undefined) request.durationSeconds = parseSeconds('--duration', flags.duration);
  }
  // One --entrypoint is split on spaces (`--entrypoint "/bin/app -v"`); repeated, each use is one word.
  if (flags.entrypoint) request.entrypoint = flags.entrypoint.length === 1 ? flags.entrypoint[0].split(' ').filter(Boolean) : flags.entrypoint;
  if (flags.cmd) request.cmd = flags.cmd;
  if (flags.env.length > 0) request.env = flags.env;
  if (flags.user !== undefined) request.user = flags.user;
  return request;
}

function overriddenFlags(flags: ProfileRunFlags): string[] {
  return [
    ...(flags.probe.length > 0 ? ['--probe'] : []),
    ...(flags.duration !== undefined ? ['--duration'] : []),
    ...(flags.entrypoint ? ['--entrypoint'] : []),
    ...(flags.cmd ? ['--cmd'] : []),
    ...(flags.env.length > 0 ? ['--env'] : []),
    ...(flags.user !== undefined ? ['--user'] : []),
  ];
}

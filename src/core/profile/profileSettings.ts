import { readFile } from 'node:fs/promises';
import { Document } from 'yaml';
import type { ProfileRequest } from '../editor/profileRequest';
import { fileErrorReason, HardenError } from '../errors';
import { parseYamlText, portableYaml } from '../manifest/yamlText';
import { describeProbe, parseProbe } from '../run/probes';

/**
 * `.harden/<service>/profile-settings.yaml`: how the image was run for its profile (probes,
 * observation time, command, environment, user). Every profile writes it beside the manifest; the
 * editor edits it and `harden profile` with no run flags reads it, so both repeat the same profile.
 */
export const PROFILE_SETTINGS_FILE = 'profile-settings.yaml';

/** The same fields as a profile request: the settings file is a request kept on disk. */
export type ProfileSettings = ProfileRequest;

const FIELDS = ['image', 'probes', 'durationSeconds', 'entrypoint', 'cmd', 'env', 'user'] as const;

/** Reads and checks a settings file; every failure is one HardenError('usage') sentence. */
export async function readProfileSettingsFile(path: string): Promise<ProfileSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new HardenError('usage', `Cannot read the profile settings ${path}: ${fileErrorReason(error)}.`);
  }
  return parseProfileSettings(text, path);
}

/** Parses settings YAML; `sourceName` is how messages name the file. One sentence per bad field. */
export function parseProfileSettings(text: string, sourceName: string): ProfileSettings {
  const value: unknown = parseYamlText(text, sourceName).toJS();
  const bad = (why: string): HardenError => new HardenError('usage', `${sourceName}: ${why}.`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad('expected a YAML mapping with at least `image:`');
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) throw bad(`unknown field "${unknown}" (known: ${FIELDS.join(', ')})`);
  const { image, probes, durationSeconds, entrypoint, cmd, env, user } = fields;
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) throw bad('`image` must be an image reference such as nginx:1.27');
  const probeTexts = optionalStrings(probes, 'probes', bad) ?? [];
  const parsedProbes = probeTexts.map((probe) => {
    try {
      return parseProbe(probe);
    } catch {
      throw bad(`probe "${probe}" is not tcp:PORT, http:PORT/PATH or exec:CMD ARG…`);
    }
  });
  if (durationSeconds !== undefined && (typeof durationSeconds !== 'number' || !(durationSeconds > 0) || !Number.isFinite(durationSeconds))) {
    throw bad('`durationSeconds` must be a number of seconds above 0');
  }
  const envPairs = optionalStrings(env, 'env', bad) ?? [];
  const badPair = envPairs.find((pair) => !/^[^=]+=/.test(pair));
  if (badPair !== undefined) throw bad(`env entry "${badPair}" is not KEY=VALUE`);
  if (user !== undefined && typeof user !== 'string') throw bad('`user` must be a user name or uid[:gid] in quotes');
  const entrypointWords = optionalStrings(entrypoint, 'entrypoint', bad);
  const cmdWords = optionalStrings(cmd, 'cmd', bad);
  return {
    reference: image,
    probes: parsedProbes,
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(entrypointWords ? { entrypoint: entrypointWords } : {}),
    ...(cmdWords ? { cmd: cmdWords } : {}),
    env: envPairs,
    ...(user !== undefined ? { user } : {}),
  };
}

function optionalStrings(value: unknown, field: string, bad: (why: string) => HardenError): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw bad(`\`${field}\` must be a list of strings`);
  return value as string[];
}

/** The settings file's text: a header saying what reads it, then the fields that are set. */
export function profileSettingsToYaml(settings: ProfileSettings): string {
  const document = new Document({
    image: settings.reference,
    ...(settings.probes.length > 0 ? { probes: settings.probes.map(describeProbe) } : {}),
    ...(settings.durationSeconds !== undefined ? { durationSeconds: settings.durationSeconds } : {}),
    ...(settings.entrypoint ? { entrypoint: settings.entrypoint } : {}),
    ...(settings.cmd ? { cmd: settings.cmd } : {}),
    ...(settings.env.length > 0 ? { env: settings.env } : {}),
    ...(settings.user !== undefined ? { user: settings.user } : {}),
  });
  document.commentBefore = [
    ' How harden profiled this image; written by every profile (the editor and `harden profile`).',
    ' `harden profile` with no run flags, and the editor\'s Re-profile, repeat it. Fields: image, probes',
    ' (tcp:PORT, http:PORT/PATH, exec:CMD ARG…), durationSeconds, entrypoint, cmd, env (KEY=VALUE), user.',
  ].join('\n');
  return portableYaml(document, { lineWidth: 0 });
}

/** In a few words, for a tree row or a picker: `http:8094/ · as root`. */
export function profileSettingsSummary(settings: ProfileSettings): string {
  const parts: string[] = [];
  if (settings.durationSeconds !== undefined) parts.push(`observe ${settings.durationSeconds} s`);
  else if (settings.probes.length > 0) parts.push(settings.probes.map(describeProbe).join(', '));
  else parts.push('default probes');
  if (settings.entrypoint || settings.cmd) parts.push(`runs ${[...(settings.entrypoint ?? []), ...(settings.cmd ?? [])].join(' ')}`);
  if (settings.env.length > 0) parts.push(`${settings.env.length} env`);
  if (settings.user !== undefined) parts.push(`as ${settings.user === '' ? 'root' : settings.user}`);
  return parts.join(' · ');
}

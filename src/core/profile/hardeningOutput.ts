import type { GeneratedFile, GenerateOptions } from '../generate/generateOptions';
import { generateHardenedFiles } from '../generate/hardenedFiles';
import { manifestToYaml } from '../manifest/manifestFile';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { writeOutputFiles } from '../output/outputFolder';
import { editedFilesError, editedTargets, writtenFilesRecord } from '../output/writtenFiles';
import { PRODUCTION_VERIFY_RESULT_FILE, VERIFY_RESULT_FILE } from '../verify/verifyResultFile';
import { requestFromManifest } from '../editor/profileRequest';
import { PROFILE_RECORD_FILE, profileRecordToJson, type ProfileRecord } from './profileRecord';
import { PROFILE_SETTINGS_FILE, profileSettingsToYaml } from './profileSettings';

export const MANIFEST_FILE = 'manifest.yaml';

/**
 * Every file a profile produces, the manifest first, relative to its output directory; the profile
 * settings (how the image was run, probes as they resolved) last, so the next profile can repeat it.
 */
export function renderHardeningFiles(manifest: HardeningManifest, options: GenerateOptions): GeneratedFile[] {
  return [
    { path: MANIFEST_FILE, content: manifestToYaml(manifest, options.command) },
    ...generateHardenedFiles(manifest, options),
    { path: PROFILE_SETTINGS_FILE, content: profileSettingsToYaml(requestFromManifest(manifest)) },
  ];
}

/**
 * Writes a profile's files into its output folder (see writeOutputFiles) and removes the
 * verify-result.json an earlier `harden verify` left there: it verified settings that no longer
 * exist (the production image's, too: it was made from the profile this one replaces). Removed before the first file is written, so a failed write cannot leave it beside files
 * it never checked. The CLI and the editor both write a profile through here. It records what it
 * wrote (written-files.json), and refuses to overwrite a file edited by hand since unless told to
 * (the editor asks first, the CLI needs --force). Returns the paths written.
 */
export async function writeHardeningFiles(outputDir: string, files: GeneratedFile[], options: { overwriteEdited?: boolean } = {}): Promise<string[]> {
  if (!options.overwriteEdited) {
    const edited = await editedTargets(outputDir, files);
    if (edited.length > 0) throw editedFilesError(outputDir, edited.map((file) => file.path));
  }
  // profile-settings.yaml is the user's to edit (Profile Settings… saves it): an input, never a hand edit to guard.
  const recorded = files.filter((file) => file.path !== VERIFY_RESULT_FILE && file.path !== PROFILE_SETTINGS_FILE);
  return writeOutputFiles(outputDir, [...files, writtenFilesRecord(recorded)], [VERIFY_RESULT_FILE, PRODUCTION_VERIFY_RESULT_FILE]);
}

/** The profile record (see profileRecord.ts) as a file beside the manifest; none when the trace showed no exec. */
export function profileRecordFiles(record: ProfileRecord | undefined): GeneratedFile[] {
  return record ? [{ path: PROFILE_RECORD_FILE, content: profileRecordToJson(record) }] : [];
}

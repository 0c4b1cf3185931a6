import { PROFILE_SETTINGS_FILE } from '../profile/profileSettings';
import { MANIFEST_FILE } from '../profile/hardeningOutput';
import { PROFILE_RECORD_FILE } from '../profile/profileRecord';
import { WRITTEN_FILES_RECORD, type FolderFile } from '../output/writtenFiles';
import { PRODUCTION_VERIFY_RESULT_FILE, VERIFY_RESULT_FILE } from '../verify/verifyResultFile';
import type { HardenFileView } from '../../protocol/previewProtocol';

/** What the views show elsewhere (the manifest, the verify result, the profile settings) or keep as data (the profile record, the record of writes). */
const NOT_LISTED = new Set([MANIFEST_FILE, VERIFY_RESULT_FILE, PRODUCTION_VERIFY_RESULT_FILE, PROFILE_RECORD_FILE, PROFILE_SETTINGS_FILE, WRITTEN_FILES_RECORD]);

/**
 * The generated files of `.harden/<service>/` as both the Manifest Explorer and the preview list
 * them: the files harden recorded writing, each generated, edited by hand since, or missing. A
 * folder from before the record lists what it holds, status unknown.
 */
export function generatedFileList(listed: readonly string[], recorded: readonly FolderFile[] | undefined): HardenFileView[] {
  const rows: HardenFileView[] = recorded ? recorded.map((file) => ({ ...file })) : listed.map((path) => ({ path, status: 'unknown' as const }));
  return rows.filter((row) => !NOT_LISTED.has(row.path)).sort((a, b) => a.path.localeCompare(b.path));
}

/** Whether the manifest itself was edited since harden wrote it. */
export function manifestEdited(recorded: readonly FolderFile[] | undefined): boolean {
  return recorded?.some((file) => file.path === MANIFEST_FILE && file.status === 'edited') ?? false;
}

import { join } from 'node:path';
import * as vscode from 'vscode';
import { requestFromManifest } from '../core/editor/profileRequest';
import { isHardenError } from '../core/errors';
import type { SurveyedPort } from '../core/profile/portSurvey';
import { PROFILE_SETTINGS_FILE, profileSettingsSummary, profileSettingsToYaml, readProfileSettingsFile, type ProfileSettings } from '../core/profile/profileSettings';
import type { DockerSession } from './dockerSession';
import { engineModules } from './engineModules';
import { coreLogger } from './logging';
import { askProfileSettings } from './profileSettingsFlow';
import type { WorkspaceManifest } from './workspaceManifests';

const SURVEY_TIMEOUT_SECONDS = 30;

/**
 * The settings a profile of `reference` into `directory` starts from: the directory's
 * profile-settings.yaml when it is for this image (what the last profile, or the CLI, used).
 */
export async function rememberedSettings(directory: string, reference: string, log: vscode.LogOutputChannel): Promise<ProfileSettings | undefined> {
  try {
    const settings = await readProfileSettingsFile(join(directory, PROFILE_SETTINGS_FILE));
    return settings.reference === reference ? settings : undefined;
  } catch (error) {
    // No file is the usual case; a broken one is said in the log and replaced by the next profile.
    if (isHardenError(error) && !error.message.includes('no such file')) log.warn(error.message);
    return undefined;
  }
}

/** A profiled image's settings: its settings file, else what its manifest recorded. */
export async function settingsOf(manifest: WorkspaceManifest, log: vscode.LogOutputChannel): Promise<ProfileSettings> {
  if (!manifest.manifest) throw new Error(manifest.entry.error ?? 'the manifest cannot be read');
  const request = requestFromManifest(manifest.manifest);
  return (await rememberedSettings(manifest.directory.fsPath, request.reference, log)) ?? request;
}

/**
 * The settings flow (profileSettingsFlow.ts) with the image's exposed ports checked in the
 * background: the image runs plainly while the flow is open, and is removed when it closes.
 * `exposedPorts` undefined: the image is not on the engine yet (to be built or pulled).
 */
export async function askSettingsWithSurvey(
  session: DockerSession,
  log: vscode.LogOutputChannel,
  initial: ProfileSettings,
  acceptLabel: string,
): Promise<ProfileSettings | undefined> {
  const controller = new AbortController();
  let exposedPorts: number[] | undefined;
  let survey: Promise<SurveyedPort[]> | undefined;
  try {
    const engine = await session.connect();
    const image = await engine.inspectImage(initial.reference);
    if (image) {
      const { exposedTcpPorts, surveyExposedPorts } = await engineModules();
      exposedPorts = exposedTcpPorts(image);
      if (exposedPorts.length > 0) {
        survey = surveyExposedPorts(engine, initial, { signal: controller.signal, log: coreLogger(log), timeoutSeconds: SURVEY_TIMEOUT_SECONDS });
        survey.then(
          (ports) => log.info(`ports of ${initial.reference}: ${ports.map((port) => port.detail).join('; ')}`),
          (error: unknown) => log.info(`could not check the ports of ${initial.reference}: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    }
    return await askProfileSettings(initial, { exposedPorts, survey, acceptLabel });
  } finally {
    controller.abort();
    // Settle the background run (its container removed) before the profile starts its own.
    await survey?.catch(() => undefined);
  }
}

/** "Profile Settings…" on a profiled image: edit, save profile-settings.yaml beside the manifest, offer to profile again. */
export async function editProfileSettingsCommand(session: DockerSession, log: vscode.LogOutputChannel, manifest: WorkspaceManifest): Promise<void> {
  const current = await settingsOf(manifest, log);
  const edited = await askSettingsWithSurvey(session, log, current, 'Save');
  if (!edited) return;
  const file = vscode.Uri.joinPath(manifest.directory, PROFILE_SETTINGS_FILE);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(profileSettingsToYaml(edited)));
  log.info(`wrote ${vscode.workspace.asRelativePath(file)}: ${profileSettingsSummary(edited)}`);
  const answer = await vscode.window.showInformationMessage(
    `Saved the profile settings of ${edited.reference} (${profileSettingsSummary(edited)}). The manifest still shows the last profile.`,
    'Re-profile now',
  );
  if (answer === 'Re-profile now') await vscode.commands.executeCommand('harden.reprofile', manifest.manifestUri);
}

import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connectEngine } from '../core/docker/dockerEngine';
import { HardenError } from '../core/errors';
import { equivalentCommand } from '../core/editor/profileRequest';
import { imageBuildFor, recordedImageBuild } from '../core/manifest/imageBuild';
import { manifestToJson } from '../core/manifest/manifestFile';
import type { ImageBuild } from '../core/manifest/manifestTypes';
import { editedFilesError, folderFiles } from '../core/output/writtenFiles';
import { profileRecordFiles, renderHardeningFiles, writeHardeningFiles } from '../core/profile/hardeningOutput';
import { profileImage } from '../core/profile/profileImage';
import { MAX_VERIFY_ROUNDS, verifyAndRefine } from '../core/refine/verifyAndRefine';
import { VERIFY_RESULT_FILE } from '../core/verify/verifyResultFile';
import { displayPath } from './displayPath';
import type { CliCommand } from './cliContext';
import { parseCommandArgs, parseSeconds } from './cliOptions';
import { resolveProfileArguments } from './profileArguments';
import { printProfileSummary } from './profileSummary';
import { stderrLogger } from './stderrLogger';
import { HARDEN_VERSION } from './version';

const USAGE = `Usage: harden profile [IMAGE] [options]

Runs IMAGE under observation, records every write, read and exec, probes it until it is up,
stops it gracefully, and writes manifest.yaml, compose.hardened.yaml, k8s/, report.md and
profile-settings.yaml — then runs exactly that Compose service (verify), learns from what it
refuses, and regenerates, up to ${MAX_VERIFY_ROUNDS} rounds. Exit 0 only when the last verify passed.

The run settings (probes, duration, entrypoint, cmd, env, user) come from the output folder's
profile-settings.yaml when it is for IMAGE (written by every profile, the editor's too); each
option given overrides its field. Without IMAGE, the one .harden/*/profile-settings.yaml here
(or the one in --out) is profiled again.

Options:
  --probe SPEC        tcp:PORT | http:PORT/PATH (2xx/3xx) | exec:CMD ARG… (repeatable;
                      default: each exposed port over HTTP when it answers HTTP at /, else TCP)
  --duration S        observe for S seconds instead of waiting for probes
  --timeout S         bound the whole run (default 120)
  --entrypoint CMD    override the image's entrypoint (words split on spaces; repeat the
                      option to pass one argument per use)
  --cmd ARG           override the image's command (repeatable, one argument each)
  --env K=V           extra environment variable (repeatable)
  --user USER         run as USER instead of the image's user
  --pull              pull IMAGE when the engine does not have it
  --out DIR           output directory (default .harden/<image-slug>)
  --dockerfile FILE   IMAGE was built from FILE: recorded in the manifest (image.build), so
                      the Compose files get build: and \`harden lint FILE\` follows this profile
  --build-context DIR the context IMAGE was built with (default: the Dockerfile's folder;
                      alone, DIR/Dockerfile)
  --json              print the manifest as JSON on stdout
  --save-trace FILE   also keep the raw syscall trace in FILE
  --no-verify         write the files without running them (they are then not verified)
  --force             overwrite files in the output directory edited by hand since harden
                      wrote them (without it, such files stop the run: exit 11)
  --quiet             no progress lines
  --debug             stack traces and tracer details`;

export const profileCommand: CliCommand = {
  name: 'profile',
  summary: 'run an image under observation and write its hardening manifest and configs',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(USAGE, {
      args,
      allowPositionals: true,
      options: {
        probe: { type: 'string', multiple: true, default: [] },
        duration: { type: 'string' },
        timeout: { type: 'string', default: '120' },
        entrypoint: { type: 'string', multiple: true },
        cmd: { type: 'string', multiple: true },
        env: { type: 'string', multiple: true, default: [] },
        user: { type: 'string' },
        pull: { type: 'boolean', default: false },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        'save-trace': { type: 'string' },
        'no-verify': { type: 'boolean', default: false },
        dockerfile: { type: 'string' },
        'build-context': { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
    const { request, shownOutputDir, settingsNote } = await resolveProfileArguments(positionals, values, context.cwd, USAGE.split('\n')[0]);
    const outputDir = resolve(context.cwd, shownOutputDir);
    const build = buildSource(values.dockerfile, values['build-context'], context.cwd, outputDir) ?? (await recordedImageBuild(outputDir, request.reference));
    const log = stderrLogger(context.stderr, { quiet: values.quiet || values.json, debug: context.debug });
    if (settingsNote) log.info(settingsNote);
    // Before the run, not after it: hand edits stop it at once rather than after minutes of profiling.
    const edited = values.force ? [] : ((await folderFiles(outputDir)) ?? []).filter((file) => file.status === 'edited');
    if (edited.length > 0) throw editedFilesError(displayPath(outputDir, context.cwd), edited.map((file) => file.path));
    const write = { overwriteEdited: values.force };
    const engine = await connectEngine(context.env);
    const timeoutSeconds = parseSeconds('--timeout', values.timeout);
    const profiled = await profileImage(engine, {
      ...request,
      pull: values.pull,
      timeoutSeconds,
      saveTraceTo: values['save-trace'] === undefined ? undefined : resolve(context.cwd, values['save-trace']),
      signal: context.signal,
      log,
      environment: context.env,
      toolVersion: HARDEN_VERSION,
    });
    // A profile repeated from its settings file is headed by the full command, which repeats it anywhere.
    const command = settingsNote && positionals.length === 0 ? equivalentCommand(request, shownOutputDir) : ['harden', 'profile', ...args].join(' ');
    const generate = { command, outputDir: shownOutputDir };
    const manifest = build ? { ...profiled.manifest, image: { ...profiled.manifest.image, build } } : profiled.manifest;
    if (values['no-verify']) {
      await writeHardeningFiles(outputDir, [...renderHardeningFiles(manifest, generate), ...profileRecordFiles(profiled.record)], write);
      if (values.json) context.stdout.write(`${manifestToJson(manifest)}\n`);
      else printProfileSummary(context.stdout, manifest, outputDir, context.cwd);
      return 0;
    }
    const outcome = await verifyAndRefine(engine, manifest, { index: profiled.index, generate, timeoutSeconds, signal: context.signal, log, environment: context.env });
    await writeHardeningFiles(outputDir, [...outcome.files, ...profileRecordFiles(profiled.record), { path: VERIFY_RESULT_FILE, content: `${JSON.stringify(outcome.result, null, 2)}\n` }], write);
    if (values.json) context.stdout.write(`${manifestToJson(outcome.manifest)}\n`);
    else printProfileSummary(context.stdout, outcome.manifest, outputDir, context.cwd);
    if (!outcome.result.passed) {
      const shown = displayPath(outputDir, context.cwd);
      throw new HardenError(
        'verify-failed',
        `The configuration in ${shown} does not work yet: its verify failed after ${outcome.manifest.verification?.rounds.length ?? 0} round(s); the files are written, not verified.`,
        outcome.unresolved,
      );
    }
    return 0;
  },
};

/** `--dockerfile` / `--build-context` as the manifest records them, or undefined when neither was given. */
function buildSource(dockerfile: string | undefined, buildContext: string | undefined, cwd: string, outputDir: string): ImageBuild | undefined {
  if (dockerfile === undefined && buildContext === undefined) return undefined;
  const context = buildContext === undefined ? undefined : resolve(cwd, buildContext);
  const file = dockerfile === undefined ? join(context ?? cwd, 'Dockerfile') : resolve(cwd, dockerfile);
  if (context !== undefined && !statSync(context, { throwIfNoEntry: false })?.isDirectory()) {
    throw new HardenError('usage', `--build-context ${buildContext}: no such folder.`);
  }
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) {
    throw new HardenError('usage', `${dockerfile === undefined ? `--build-context ${buildContext}` : `--dockerfile ${dockerfile}`}: no Dockerfile at ${displayPath(file, cwd)}.`);
  }
  return imageBuildFor(outputDir, file, context);
}

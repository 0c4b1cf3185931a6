import { resolve } from 'node:path';
import { connectEngine } from '../core/docker/dockerEngine';
import { HardenError } from '../core/errors';
import { defaultOutputDir } from '../core/generate/generateOptions';
import { serviceNameFromImage } from '../core/generate/serviceName';
import { manifestToJson } from '../core/manifest/manifestFile';
import { editedFilesError, folderFiles } from '../core/output/writtenFiles';
import { profileRecordFiles, renderHardeningFiles, writeHardeningFiles } from '../core/profile/hardeningOutput';
import { profileImage } from '../core/profile/profileImage';
import { MAX_VERIFY_ROUNDS, verifyAndRefine } from '../core/refine/verifyAndRefine';
import { VERIFY_RESULT_FILE } from '../core/verify/verifyResultFile';
import { displayPath } from './displayPath';
import { parseProbe } from '../core/run/probes';
import type { CliCommand } from './cliContext';
import { parseCommandArgs, parseSeconds, usageError } from './cliOptions';
import { printProfileSummary } from './profileSummary';
import { stderrLogger } from './stderrLogger';
import { HARDEN_VERSION } from './version';

const USAGE = `Usage: harden profile IMAGE [options]

Runs IMAGE under observation, records every write, read and exec, probes it until it is up,
stops it gracefully, and writes manifest.yaml, compose.hardened.yaml, k8s/ and report.md —
then runs exactly that Compose service (verify), learns from what it refuses, and regenerates,
up to ${MAX_VERIFY_ROUNDS} rounds. Exit 0 only when the last verify passed.

Options:
  --probe SPEC        tcp:PORT | http:PORT/PATH (2xx/3xx) | exec:CMD ARG… (repeatable;
                      default: tcp on every exposed port)
  --duration S        observe for S seconds instead of waiting for probes
  --timeout S         bound the whole run (default 120)
  --entrypoint CMD    override the image's entrypoint (words split on spaces; repeat the
                      option to pass one argument per use)
  --cmd ARG           override the image's command (repeatable, one argument each)
  --env K=V           extra environment variable (repeatable)
  --user USER         run as USER instead of the image's user
  --pull              pull IMAGE when the engine does not have it
  --out DIR           output directory (default .harden/<image-slug>)
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
        force: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw usageError('profile needs exactly one IMAGE', USAGE);
    const reference = positionals[0];
    for (const pair of values.env) {
      if (!/^[^=]+=/.test(pair)) throw new HardenError('usage', `--env ${pair}: expected KEY=VALUE.`);
    }
    const entrypoint = values.entrypoint && (values.entrypoint.length === 1 ? values.entrypoint[0].split(' ').filter(Boolean) : values.entrypoint);
    const log = stderrLogger(context.stderr, { quiet: values.quiet || values.json, debug: context.debug });
    const shownOutputDir = values.out ?? defaultOutputDir(serviceNameFromImage(reference));
    const outputDir = resolve(context.cwd, shownOutputDir);
    // Before the run, not after it: hand edits stop it at once rather than after minutes of profiling.
    const edited = values.force ? [] : ((await folderFiles(outputDir)) ?? []).filter((file) => file.status === 'edited');
    if (edited.length > 0) throw editedFilesError(displayPath(outputDir, context.cwd), edited.map((file) => file.path));
    const write = { overwriteEdited: values.force };
    const engine = await connectEngine(context.env);
    const timeoutSeconds = parseSeconds('--timeout', values.timeout);
    const profiled = await profileImage(engine, {
      reference,
      pull: values.pull,
      entrypoint,
      cmd: values.cmd,
      env: values.env,
      user: values.user,
      probes: values.probe.map(parseProbe),
      durationSeconds: values.duration === undefined ? undefined : parseSeconds('--duration', values.duration),
      timeoutSeconds,
      saveTraceTo: values['save-trace'] === undefined ? undefined : resolve(context.cwd, values['save-trace']),
      signal: context.signal,
      log,
      environment: context.env,
      toolVersion: HARDEN_VERSION,
    });
    const generate = { command: ['harden', 'profile', ...args].join(' '), outputDir: shownOutputDir };
    if (values['no-verify']) {
      await writeHardeningFiles(outputDir, [...renderHardeningFiles(profiled.manifest, generate), ...profileRecordFiles(profiled.record)], write);
      if (values.json) context.stdout.write(`${manifestToJson(profiled.manifest)}\n`);
      else printProfileSummary(context.stdout, profiled.manifest, outputDir, context.cwd);
      return 0;
    }
    const outcome = await verifyAndRefine(engine, profiled.manifest, { index: profiled.index, generate, timeoutSeconds, signal: context.signal, log, environment: context.env });
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

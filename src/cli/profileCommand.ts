import { resolve } from 'node:path';
import { connectEngine } from '../core/docker/dockerEngine';
import { HardenError } from '../core/errors';
import { serviceNameFromImage } from '../core/generate/serviceName';
import { manifestToJson } from '../core/manifest/manifestFile';
import { renderHardeningFiles, writeHardeningFiles } from '../core/profile/hardeningOutput';
import { profileImage } from '../core/profile/profileImage';
import { parseProbe } from '../core/run/probes';
import type { CliCommand } from './cliContext';
import { parseCommandArgs, parseSeconds, usageError } from './cliOptions';
import { printProfileSummary } from './profileSummary';
import { stderrLogger } from './stderrLogger';
import { HARDEN_VERSION } from './version';

const USAGE = `Usage: harden profile IMAGE [options]

Runs IMAGE under observation, records every write, read and exec, probes it until it is up,
stops it gracefully, and writes manifest.yaml, compose.hardened.yaml, k8s/ and report.md.

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
      },
    });
    if (positionals.length !== 1) throw usageError('profile needs exactly one IMAGE', USAGE);
    const reference = positionals[0];
    for (const pair of values.env) {
      if (!/^[^=]+=/.test(pair)) throw new HardenError('usage', `--env ${pair}: expected KEY=VALUE.`);
    }
    const entrypoint = values.entrypoint && (values.entrypoint.length === 1 ? values.entrypoint[0].split(' ').filter(Boolean) : values.entrypoint);
    const log = stderrLogger(context.stderr, { quiet: values.quiet || values.json, debug: context.debug });
    const engine = await connectEngine(context.env);
    const { manifest } = await profileImage(engine, {
      reference,
      pull: values.pull,
      entrypoint,
      cmd: values.cmd,
      env: values.env,
      user: values.user,
      probes: values.probe.map(parseProbe),
      durationSeconds: values.duration === undefined ? undefined : parseSeconds('--duration', values.duration),
      timeoutSeconds: parseSeconds('--timeout', values.timeout),
      saveTraceTo: values['save-trace'] === undefined ? undefined : resolve(context.cwd, values['save-trace']),
      signal: context.signal,
      log,
      environment: context.env,
      toolVersion: HARDEN_VERSION,
    });
    const shownOutputDir = values.out ?? `.harden/${serviceNameFromImage(reference)}`;
    const outputDir = resolve(context.cwd, shownOutputDir);
    const command = ['harden', 'profile', ...args].join(' ');
    await writeHardeningFiles(outputDir, renderHardeningFiles(manifest, { command, outputDir: shownOutputDir }));
    if (values.json) context.stdout.write(`${manifestToJson(manifest)}\n`);
    else printProfileSummary(context.stdout, manifest, outputDir, context.cwd);
    return 0;
  },
};

import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { connectEngine } from '../core/docker/dockerEngine';
import { HardenError } from '../core/errors';
import { readComposeRunSpec } from '../core/compose/composeRunSpec';
import { refuseHostAccess } from '../core/compose/hostAccess';
import { readManifestFile } from '../core/manifest/manifestFile';
import { COMPOSE_FILE_NAME } from '../core/generate/composeGenerator';
import { MANIFEST_FILE } from '../core/profile/hardeningOutput';
import { PRODUCTION_COMPOSE_FILE, PRODUCTION_MANIFEST_FILE } from '../core/minify/productionFiles';
import { writeVerifyResult } from '../core/verify/verifyResultFile';
import { verifyConfiguration } from '../core/verify/verifyConfiguration';
import type { CliCommand } from './cliContext';
import { displayPath } from './displayPath';
import { parseCommandArgs, parseSeconds, usageError } from './cliOptions';
import { stderrLogger } from './stderrLogger';

const USAGE = `Usage: harden verify DIR [options]

Runs the image exactly as DIR/compose.hardened.yaml says (read-only root, tmpfs, volumes,
capabilities, user, init, ports, sysctls, ulimits…), replays the probes and the graceful stop
from DIR/manifest.yaml, and fails naming every refused write, failed probe or lost data.
Exit 0 only when all passed; 6 when the file asks for what verify does not run as Compose
would, or reaches into the host (bind mounts, privileged, host namespaces, devices…) without
--allow-host-access.

Options:
  --compose FILE      the Compose file to run (default DIR/compose.hardened.yaml; DIR/compose.prod.yaml
                      verifies the production image and writes verify-result.prod.json)
  --service NAME      the service to run when the Compose file has several
  --allow-host-access run it even though it reaches into the host (bind mounts, privileged…)
  --no-trace          run without the tracer (refused writes are then found in the logs only)
  --no-restart        skip the second start that checks data volumes keep their data
  --timeout S         bound each run (default 120)
  --json              print the result as JSON on stdout
  --quiet             no progress lines`;

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'run the hardened configuration and prove the app still works',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(USAGE, {
      args,
      allowPositionals: true,
      options: {
        compose: { type: 'string' },
        service: { type: 'string' },
        'allow-host-access': { type: 'boolean', default: false },
        'no-trace': { type: 'boolean', default: false },
        'no-restart': { type: 'boolean', default: false },
        timeout: { type: 'string', default: '120' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw usageError('verify needs exactly one DIR (the output of harden profile)', USAGE);
    const dir = resolve(context.cwd, positionals[0]);
    const composeFile = values.compose ? resolve(context.cwd, values.compose) : join(dir, COMPOSE_FILE_NAME);
    // The production image's settings were generated from minify's manifest.prod.yaml: verify expects what it says.
    const production = basename(composeFile) === PRODUCTION_COMPOSE_FILE;
    const manifest = await readManifestFile(join(dir, production && existsSync(join(dir, PRODUCTION_MANIFEST_FILE)) ? PRODUCTION_MANIFEST_FILE : MANIFEST_FILE));
    const runSpec = await readComposeRunSpec(composeFile, { service: values.service });
    // Before the engine is contacted: a file from elsewhere gets no further without the user's word.
    refuseHostAccess(runSpec, values['allow-host-access']);
    const log = stderrLogger(context.stderr, { quiet: values.quiet || values.json, debug: context.debug });
    const engine = await connectEngine(context.env);
    const result = await verifyConfiguration(engine, manifest, runSpec, {
      traced: !values['no-trace'],
      restart: !values['no-restart'],
      timeoutSeconds: parseSeconds('--timeout', values.timeout),
      signal: context.signal,
      log,
      environment: context.env,
      allowHostAccess: values['allow-host-access'],
    });
    await writeVerifyResult(dir, result, production);
    if (values.json) context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const shown = displayPath(dir, context.cwd);
    if (!result.passed) {
      throw new HardenError(
        'verify-failed',
        `${runSpec.image} does not work under the hardened settings in ${shown}: ${result.problems.length} problem(s).`,
        [
          ...result.problems.map((problem) => `${problem.kind}${problem.phase === 'restart' ? ' (restart)' : ''}: ${problem.message}`),
          ...result.clues.map((clue) => `clue: ${clue.message}`),
          ...result.preexisting.map((line) => `also without hardening: ${line}`),
          ...result.notes.map((note) => `note: ${note}`),
        ],
      );
    }
    if (!values.json) {
      const phases = result.phases.map((phase) => `${phase.name}: up in ${phase.readySeconds?.toFixed(1)} s, stopped with exit ${phase.stop?.exitCode} in ${phase.stop?.seconds} s`);
      const how = result.mode === 'exact' ? 'exactly as written' : 'traced';
      context.stdout.write(`verified: ${runSpec.image} works read-only with the settings in ${shown} (${how})\n${phases.map((line) => `  ${line}`).join('\n')}\n`);
      for (const line of result.preexisting) context.stdout.write(`  also without hardening: ${line}\n`);
      for (const note of result.notes) context.stdout.write(`  note: ${note}\n`);
    }
    return 0;
  },
};

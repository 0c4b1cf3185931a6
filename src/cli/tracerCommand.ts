import { resolve } from 'node:path';
import { exportTracerBundle } from '../core/tracer/tracerBundle';
import type { CliCommand } from './cliContext';
import { displayPath } from './displayPath';
import { parseCommandArgs, usageError } from './cliOptions';

const USAGE = `Usage: harden tracer export FILE

Writes this machine's strace, with its dynamic loader and libraries, to FILE (a tar) and its
description to FILE.json. On a machine whose own strace cannot run in the engine (Docker Desktop,
a remote engine of another architecture), set HARDEN_TRACER=FILE to profile with it.`;

export const tracerCommand: CliCommand = {
  name: 'tracer',
  summary: 'export the tracer bundle for Docker Desktop and remote engines',
  usage: USAGE,
  async run(args, context) {
    const { positionals } = parseCommandArgs(USAGE, { args, allowPositionals: true, options: {} });
    if (positionals.length !== 2 || positionals[0] !== 'export') throw usageError('expected `harden tracer export FILE`', USAGE);
    const path = resolve(context.cwd, positionals[1]);
    const bundle = await exportTracerBundle(path, context.env);
    context.stdout.write(`wrote ${displayPath(path, context.cwd)} (${bundle.version}, linux/${bundle.architecture}, ${(bundle.tar.length / 1024 / 1024).toFixed(1)} MiB)\nuse it with: HARDEN_TRACER=${path} harden profile IMAGE\n`);
    return 0;
  },
};

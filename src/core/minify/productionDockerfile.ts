import type { ImageInfo } from '../docker/dockerEngine';
import { inFolder } from '../generate/generateOptions';

/** The build context beside Dockerfile.prod (relative to the profile folder). */
export const PRODUCTION_CONTEXT_DIR = 'prod';
export const PRODUCTION_DOCKERFILE = 'Dockerfile.prod';
export const INIT_IN_IMAGE = '/.harden/init';
export const INIT_CONFIG_IN_IMAGE = '/.harden/init.conf';
/** Outside /.harden and not on the list itself: the prune reads it, then deletes it with the rest. */
export const KEEP_LIST_IN_IMAGE = '/.harden-keep.list';

export interface ProductionDockerfileInput {
  /** How the header names the command and the manifest. */
  generatedBy: string;
  /** The profile folder as typed from where the user runs commands: the rebuild line names it. */
  folder: string;
  developmentReference: string;
  developmentId: string;
  /** The development image's configuration: what the production image keeps of it. */
  config: NonNullable<ImageInfo['Config']> & { StopSignal?: string; StopTimeout?: number };
  /** Seed tars (relative to the context root) and the directory each is unpacked in. */
  seeds: Array<{ tar: string; parent: string }>;
  /** A tar of the writable paths the development image lacks (relative to the context root), if any. */
  writablePaths?: string;
  user: string;
  cmd: string[];
  labels: Record<string, string>;
}

/**
 * A multi-stage Dockerfile that reproduces the production image with a plain `docker build` from
 * the development image: a stage that deletes everything not on the keep list (the init's own
 * `--prune`, so no shell is needed even there), then a FROM scratch stage that copies what is left
 * (owners, modes and file capabilities kept), the init's configuration and the first-start seed,
 * checks the configuration, and restates the development image's settings with the init as the
 * entrypoint. The classic builder and BuildKit both build it.
 */
export function productionDockerfile(input: ProductionDockerfileInput): string {
  const { config } = input;
  const lines = [
    `# ${input.generatedBy}`,
    `# Development image: ${input.developmentReference} (${input.developmentId}).`,
    `# Rebuild: docker build -f ${inFolder(input.folder, PRODUCTION_DOCKERFILE)} -t <name:tag> ${input.folder}   (--build-arg DEVELOPMENT_IMAGE=<ref> to build from another tag)`,
    `ARG DEVELOPMENT_IMAGE=${input.developmentReference}`,
    'FROM ${DEVELOPMENT_IMAGE} AS development',
    '',
    '# Everything the profile did not see the app use goes; the init itself does it, without a shell.',
    'FROM development AS pruned',
    'USER 0:0',
    `COPY ${PRODUCTION_CONTEXT_DIR}/harden-init ${INIT_IN_IMAGE}`,
    `COPY ${PRODUCTION_CONTEXT_DIR}/keep.list ${KEEP_LIST_IN_IMAGE}`,
    `RUN ${JSON.stringify([INIT_IN_IMAGE, '--prune', KEEP_LIST_IN_IMAGE])}`,
    '',
    'FROM scratch',
    'COPY --from=pruned / /',
    `COPY ${PRODUCTION_CONTEXT_DIR}/init.conf ${INIT_CONFIG_IN_IMAGE}`,
    ...(input.writablePaths ? [`ADD ${input.writablePaths} /`] : []),
    ...input.seeds.map((seed) => `ADD ${seed.tar} ${seed.parent}/`),
    `RUN ${JSON.stringify([INIT_IN_IMAGE, '--check'])}`,
    ...(config.Env ?? []).map((pair) => `ENV ${pair.slice(0, pair.indexOf('='))}=${quoted(pair.slice(pair.indexOf('=') + 1))}`),
    ...(config.WorkingDir ? [`WORKDIR ${escapeDollar(config.WorkingDir)}`] : []),
    ...Object.keys(config.ExposedPorts ?? {}).sort().map((port) => `EXPOSE ${port}`),
    ...(Object.keys(config.Volumes ?? {}).length > 0 ? [`VOLUME ${JSON.stringify(Object.keys(config.Volumes ?? {}).sort())}`] : []),
    ...(config.StopSignal ? [`STOPSIGNAL ${config.StopSignal}`] : []),
    ...Object.entries({ ...(config.Labels ?? {}), ...input.labels }).map(([key, value]) => `LABEL ${quoted(key)}=${quoted(value)}`),
    `USER ${input.user}`,
    `ENTRYPOINT ${JSON.stringify([INIT_IN_IMAGE])}`,
    `CMD ${JSON.stringify(input.cmd)}`,
    '',
  ];
  return lines.join('\n');
}

/** A Dockerfile double-quoted word: the builder substitutes `$` and unescapes `\\` and `"` in it. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"$]/g, (ch) => `\\${ch}`).replace(/\n/g, '\\n')}"`;
}

function escapeDollar(value: string): string {
  return value.replace(/[\\$]/g, (ch) => `\\${ch}`);
}

import { summarizeImage } from '../analysis/buildManifest';
import type { DockerEngine } from '../docker/dockerEngine';
import { DEFAULT_STOP_SIGNAL } from '../docker/stopDefaults';
import type { ProfileRequest } from '../editor/profileRequest';
import { HardenError } from '../errors';
import type { Logger } from '../logger';
import type { ProbeSpec } from '../manifest/manifestTypes';
import { containerCommand } from '../run/containerCommand';
import { observeRun } from '../run/observedRun';
import { RunResources } from '../run/runResources';
import { exposedTcpPorts } from './profileImage';

/** What one exposed port turned out to speak while the image ran plainly. */
export interface SurveyedPort {
  port: number;
  /** HTTP at `/` when the port answered HTTP 2xx/3xx, else TCP. */
  probe: ProbeSpec;
  /** `… answers HTTP (200 at /)`, `… accepted a connection (no answer to GET / within 2 s)`. */
  detail: string;
}

export interface PortSurveyOptions {
  signal: AbortSignal;
  log: Logger;
  timeoutSeconds: number;
}

/**
 * Runs the image once, plainly (no tracer, no hardening), until each exposed TCP port has answered
 * `GET /` (see askPortProtocol), then stops it: the editor offers an HTTP probe for the ports that
 * answer HTTP. The container is labelled and tracked like a profile's, and removed before this
 * returns or throws, cancellation included. An image without exposed ports is not started.
 */
export async function surveyExposedPorts(engine: DockerEngine, request: ProfileRequest, options: PortSurveyOptions): Promise<SurveyedPort[]> {
  const image = await engine.inspectImage(request.reference);
  if (!image) throw new HardenError('image-missing', `Image ${request.reference} is not on the engine at ${engine.endpoint.host}.`);
  const ports = exposedTcpPorts(image);
  if (ports.length === 0) return [];
  const argv = containerCommand(request, summarizeImage(request.reference, image));
  const resources = new RunResources(engine);
  try {
    const run = await observeRun(
      engine,
      resources,
      {
        image: image.Id,
        argv,
        env: request.env,
        user: request.user ?? image.Config?.User ?? '',
        workingDir: image.Config?.WorkingDir ?? '',
        stopSignal: (image.Config as { StopSignal?: string } | undefined)?.StopSignal || DEFAULT_STOP_SIGNAL,
        // Nothing is learnt from its stop: a short grace period, then it is killed.
        stopTimeoutSeconds: 1,
        hostConfig: {},
        uid: 0,
        gid: 0,
      },
      { purpose: 'survey', probes: ports.map((port) => ({ kind: 'auto' as const, port })), timeoutSeconds: options.timeoutSeconds, signal: options.signal, log: options.log, tracerNeedsPtrace: false },
    );
    return ports.map((port, index) => {
      const result = run.probeResults.find((entry) => entry.probe.kind === 'auto' && entry.probe.port === port);
      return { port, probe: run.resolvedProbes[index], detail: result?.outcome.detail ?? 'not reached' };
    });
  } finally {
    const failures = await resources.removeAll();
    for (const failure of failures) options.log.warn(`could not remove ${failure}`);
  }
}

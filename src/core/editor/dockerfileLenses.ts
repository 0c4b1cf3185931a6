import { DockerfileParser } from 'dockerfile-ast';
import { basename, dirname } from 'node:path';
import { DockerfileText } from '../dockerfile/dockerfileText';
import type { Range } from '../dockerfile/finding';
import { buildStageModel } from '../dockerfile/stageModel';
import { serviceNameFromImage, toDnsLabel } from '../generate/serviceName';
import { isBuiltFrom } from '../manifest/imageBuild';
import type { HardeningManifest } from '../manifest/manifestTypes';

export interface RuntimeInstruction {
  keyword: 'FROM' | 'ENTRYPOINT' | 'CMD';
  range: Range;
}

/**
 * Where the shipped image's runtime is decided: the final stage's FROM and the ENTRYPOINT and CMD
 * in effect in it (the last of each; an earlier one is overridden). Code lenses sit on these lines.
 */
export function runtimeInstructions(source: string): RuntimeInstruction[] {
  const text = new DockerfileText(source);
  const { finalStage } = buildStageModel(DockerfileParser.parse(text.content));
  if (!finalStage) return [];
  const found: RuntimeInstruction[] = [{ keyword: 'FROM', range: finalStage.from.getRange() }];
  for (const keyword of ['ENTRYPOINT', 'CMD'] as const) {
    const last = finalStage.instructions.filter((instruction) => instruction.getKeyword() === keyword).pop();
    if (last) found.push({ keyword, range: last.getRange() });
  }
  return found.sort((a, b) => a.range.start.line - b.range.start.line);
}

/** `5 writable paths · shell never executed`: the profile in one line. */
export function profileSummary(manifest: HardeningManifest): string {
  const count = manifest.writablePaths.length;
  const paths = `${count} writable path${count === 1 ? '' : 's'}`;
  const shells = manifest.components.filter((component) => component.category === 'shell');
  const executed = shells.filter((component) => component.executed);
  const shell =
    shells.length === 0 ? 'no shell in the image' : executed.length === 0 ? 'shell never executed' : `shell executed (${executed.map((component) => component.name).join(', ')})`;
  return `${paths} · ${shell}`;
}

/**
 * `runs as 100:101 · 1 writable path · verified`: what the profile decided, on the Dockerfile's
 * final stage, so the lens and HX004 visibly say the same thing.
 */
export function profileDecision(manifest: HardeningManifest): string {
  const { runAs } = manifest;
  const user = runAs.nonRoot ? `runs as ${runAs.uid}:${runAs.gid}` : 'keeps root';
  const count = manifest.writablePaths.length;
  const verified = manifest.verification?.verified ? 'verified' : 'not verified';
  return `${user} · ${count} writable path${count === 1 ? '' : 's'} · ${verified}`;
}

/** `runs as 100:101: root was used only to reach files owned by uid 100 …`: the decision with its reason. */
export function runAsDetail(manifest: HardeningManifest): string {
  const { runAs } = manifest;
  return `${runAs.nonRoot ? `runs as ${runAs.uid}:${runAs.gid}` : 'keeps root'}: ${runAs.reason}`;
}

/** The tag "build this Dockerfile first" gives the image: `harden-local/<directory>:latest`. */
export function localImageTag(dockerfilePath: string): string {
  return `harden-local/${toDnsLabel(basename(dirname(dockerfilePath))) || 'app'}:latest`;
}

/**
 * The profile of the image a Dockerfile builds, as far as it is known: the manifest whose image was
 * built from it (`image.build`), else the one for the image last profiled from it (the editor
 * remembers). Lint follows only this one: a guess must not change what HX004 proposes.
 */
export function profileOfDockerfile<T extends { manifest: HardeningManifest; manifestFile: string }>(
  dockerfilePath: string,
  candidates: readonly T[],
  rememberedReference?: string,
): T | undefined {
  return (
    candidates.find((candidate) => isBuiltFrom(candidate.manifest, candidate.manifestFile, dockerfilePath)) ??
    (rememberedReference ? candidates.find((candidate) => candidate.manifest.image.reference === rememberedReference) : undefined)
  );
}

/**
 * The manifest that belongs to a Dockerfile: its profile (see profileOfDockerfile), else — a guess —
 * the one for its local build tag, else the one whose service is named like the Dockerfile's
 * directory (`examples/notes/Dockerfile` → `.harden/notes/`).
 */
export function manifestForDockerfile<T extends { manifest: HardeningManifest; manifestFile: string }>(
  dockerfilePath: string,
  candidates: readonly T[],
  rememberedReference?: string,
): T | undefined {
  const directoryService = toDnsLabel(basename(dirname(dockerfilePath)));
  return (
    profileOfDockerfile(dockerfilePath, candidates, rememberedReference) ??
    candidates.find((candidate) => candidate.manifest.image.reference === localImageTag(dockerfilePath)) ??
    candidates.find((candidate) => serviceNameFromImage(candidate.manifest.image.reference) === directoryService)
  );
}

import { posix } from 'node:path';
import { mountText } from '../manifest/mountText';
import { manifestStamp } from '../verify/manifestStamp';
import type { ExecStep, HardeningManifest, WritablePath } from '../manifest/manifestTypes';
import type { ExecStepView, GeneratedFileView, HardenFileView, PreviewState, ProductionImageView, VerifyResultView, WritablePathRow } from '../../protocol/previewProtocol';

export interface PreviewSources {
  /** Workspace-relative path of the manifest, as the preview shows it. */
  manifestPath: string;
  generatedFiles: GeneratedFileView[];
  lastVerify?: VerifyResultView;
  production?: ProductionImageView;
  /** The files of `.harden/<service>/`, from generatedFileList (the Manifest Explorer lists the same). */
  hardenFiles?: HardenFileView[];
}

/** What the Hardening Preview shows of a manifest: plain rows, every value already worded. */
export function toPreviewState(manifest: HardeningManifest, sources: PreviewSources): PreviewState {
  const { image, runAs, execution } = manifest;
  return {
    manifestPath: sources.manifestPath,
    image: { reference: image.reference, id: image.id },
    runAs: { user: runAs.nonRoot ? `${runAs.uid}:${runAs.gid}` : 'root', nonRoot: runAs.nonRoot, reason: runAs.reason },
    capabilities: manifest.capabilities.map((use) => ({ capability: use.capability, evidence: use.evidence.join('; ') })),
    writablePaths: manifest.writablePaths.map(toWritablePathRow),
    components: manifest.components.map((component) => ({ ...component })),
    execution: {
      chain: execution.chain.map(toExecStepView),
      main: { ...toExecStepView(execution.main), env: [...execution.main.env], workingDir: execution.main.workingDir },
    },
    generatedFiles: sources.generatedFiles,
    warnings: [...manifest.warnings],
    ...(sources.lastVerify ? { lastVerify: sources.lastVerify } : {}),
    ...(sources.production ? { production: sources.production } : {}),
    manifestStamp: manifestStamp(manifest),
    hardenDir: posix.dirname(sources.manifestPath),
    hardenFiles: sources.hardenFiles ?? [],
    verifyRounds: (manifest.verification?.rounds ?? []).map(({ round, passed, problems, learned }) => ({ round, passed, problems: [...problems], learned: learned.map((line) => line.replace(/^round \d+: /, '')) })),
  };
}

export function toWritablePathRow(path: WritablePath): WritablePathRow {
  return {
    path: path.path,
    kind: path.kind,
    mount: mountText(path.mount),
    reason: path.reason,
    writers: [...new Set(path.evidence.writers.map((writer) => `${posix.basename(writer.program)} (uid ${writer.uid})`))],
    files: path.evidence.files,
    bytes: path.evidence.bytes,
    examples: [...path.evidence.examples],
  };
}


function toExecStepView(step: ExecStep): ExecStepView {
  return {
    program: step.program,
    argv: [...step.argv],
    ...(step.interpreter ? { interpreter: step.interpreter } : {}),
    user: `${step.uid}:${step.gid}`,
  };
}

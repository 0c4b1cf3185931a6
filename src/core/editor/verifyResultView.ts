import type { HardeningManifest } from '../manifest/manifestTypes';
import type { VerifyProblem, VerifyResult } from '../verify/verifyHardened';
import type { VerifyResultView } from '../../protocol/previewProtocol';
import { manifestStamp } from '../verify/manifestStamp';
import { adviseProblems, verifyHeadline } from './verifyAdvice';

/** A verify result as the preview and the Manifest Explorer show it: each problem with its phase, cause and fix. */
export function toVerifyResultView(result: VerifyResult, manifest: HardeningManifest): VerifyResultView {
  const advice = adviseProblems(result, manifest);
  return {
    passed: result.passed,
    verifiedAt: result.verifiedAt,
    headline: verifyHeadline(result),
    problems: result.problems.map((problem, index) => ({ kind: problem.kind, message: problem.message, ...advice[index] })),
    notes: [...result.notes],
    ...(result.manifestStamp ? { manifestStamp: result.manifestStamp } : {}),
  };
}

/**
 * Reads verify-result.json as `harden verify` writes it. The file sits in the workspace and may have
 * been edited, so anything that is not the expected shape is reported as such, never trusted; a
 * problem's cause is kept only when it has the shape the refine loop reads.
 */
export function parseVerifyResult(text: string): VerifyResult | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value !== 'object' || value === null) return { error: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  if (typeof record.passed !== 'boolean') return { error: '`passed` is missing or not true/false' };
  if (typeof record.verifiedAt !== 'string') return { error: '`verifiedAt` is missing or not a string' };
  const list = (field: unknown): unknown[] => (Array.isArray(field) ? field : []);
  return {
    passed: record.passed,
    verifiedAt: record.verifiedAt,
    image: String(record.image ?? ''),
    mode: record.mode === 'exact' ? 'exact' : 'traced',
    phases: [],
    problems: list(record.problems).filter(isRecord).map(toProblem),
    preexisting: list(record.preexisting).map(String),
    clues: list(record.clues)
      .filter(isRecord)
      .filter((clue) => isCause(clue.cause))
      .map((clue) => ({ message: String(clue.message ?? ''), cause: clue.cause as VerifyProblem['cause'] & object })),
    notes: list(record.notes).map(String),
    ...(typeof record.manifestStamp === 'string' ? { manifestStamp: record.manifestStamp } : {}),
  };
}

export function isVerifyResult(value: VerifyResult | { error: string }): value is VerifyResult {
  return !('error' in value);
}

function toProblem(problem: Record<string, unknown>): VerifyProblem {
  return {
    kind: String(problem.kind ?? 'problem'),
    message: String(problem.message ?? ''),
    ...(problem.phase === 'run' || problem.phase === 'restart' ? { phase: problem.phase } : {}),
    ...(isCause(problem.cause) ? { cause: problem.cause } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The fields each cause type needs before the refine loop may act on it. */
function isCause(value: unknown): value is NonNullable<VerifyProblem['cause']> {
  if (!isRecord(value)) return false;
  const text = (key: string) => typeof value[key] === 'string';
  switch (value.type) {
    case 'refused':
      return text('program') && text('syscall') && text('errno') && typeof value.uid === 'number' && typeof value.write === 'boolean';
    case 'hidden':
      return text('program') && text('syscall') && text('path') && text('mount');
    case 'data-lost':
      return text('path') && Array.isArray(value.files);
    case 'init-signal':
    case 'not-up':
    case 'killed':
      return true;
    default:
      return false;
  }
}

/** What the views show of verify-result.json beside a manifest: the result, that it is of an older manifest, or why it is unreadable. */
export type ManifestVerify = { result: VerifyResult; view: VerifyResultView } | { stale: true } | { error: string };

/**
 * The one reading of a manifest's last verify that the preview and the Manifest Explorer share. A
 * result stamped for another manifest (a new profile or a fix replaced it) is stale: neither view
 * shows it as this manifest's.
 */
export function manifestVerify(manifest: HardeningManifest | undefined, text: string | undefined): ManifestVerify | undefined {
  if (text === undefined) return undefined;
  const parsed = parseVerifyResult(text);
  if (!isVerifyResult(parsed)) return parsed;
  if (!manifest) return undefined;
  if (parsed.manifestStamp !== undefined && parsed.manifestStamp !== manifestStamp(manifest)) return { stale: true };
  return { result: parsed, view: toVerifyResultView(parsed, manifest) };
}

/** The problem to name first: one harden can fix (the others are then most likely its consequences), else the first. */
export function mainProblem(view: VerifyResultView): { index: number; problem: VerifyResultView['problems'][number] } | undefined {
  const fixable = view.problems.findIndex((problem) => problem.action);
  const index = fixable >= 0 ? fixable : 0;
  const problem = view.problems[index];
  return problem ? { index, problem } : undefined;
}

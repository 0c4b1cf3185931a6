import type { VerifyResult } from '../verify/verifyHardened';
import type { VerifyResultView } from '../../protocol/previewProtocol';

export function toVerifyResultView(result: Pick<VerifyResult, 'passed' | 'verifiedAt' | 'problems' | 'notes'>): VerifyResultView {
  return {
    passed: result.passed,
    verifiedAt: result.verifiedAt,
    problems: result.problems.map((problem) => ({ kind: problem.kind, message: problem.message })),
    notes: [...result.notes],
  };
}

/**
 * Reads verify-result.json as `harden verify` writes it. The file sits in the workspace and may have
 * been edited, so anything that is not the expected shape is reported as such, never trusted.
 */
export function parseVerifyResult(text: string): VerifyResultView | { error: string } {
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
  const problems = Array.isArray(record.problems) ? record.problems : [];
  const notes = Array.isArray(record.notes) ? record.notes : [];
  return {
    passed: record.passed,
    verifiedAt: record.verifiedAt,
    problems: problems
      .filter((problem): problem is Record<string, unknown> => typeof problem === 'object' && problem !== null)
      .map((problem) => ({ kind: String(problem.kind ?? 'problem'), message: String(problem.message ?? '') })),
    notes: notes.map((note) => String(note)),
  };
}

export function isVerifyResultView(value: VerifyResultView | { error: string }): value is VerifyResultView {
  return !('error' in value);
}

import { writeOutputFile } from '../output/outputFolder';
import type { VerifyResult } from './verifyHardened';

/** Where `harden verify` leaves its last result beside the manifest (the editor shows it). */
export const VERIFY_RESULT_FILE = 'verify-result.json';

/** Writes `result` as DIR/verify-result.json (atomically, as every output file). Returns the path. */
export function writeVerifyResult(outputDir: string, result: VerifyResult): Promise<string> {
  return writeOutputFile(outputDir, VERIFY_RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
}

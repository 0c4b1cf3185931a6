import { writeOutputFile } from '../output/outputFolder';
import type { VerifyResult } from './verifyHardened';

/** Where `harden verify` leaves its last result beside the manifest (the editor shows it). */
export const VERIFY_RESULT_FILE = 'verify-result.json';

/** The last verify of the production image (`harden minify`, or `harden verify --compose compose.prod.yaml`). */
export const PRODUCTION_VERIFY_RESULT_FILE = 'verify-result.prod.json';

/**
 * Writes `result` as DIR/verify-result.json, or DIR/verify-result.prod.json when it is of the
 * production image (atomically, as every output file). Returns the path.
 */
export function writeVerifyResult(outputDir: string, result: VerifyResult, production = false): Promise<string> {
  return writeOutputFile(outputDir, production ? PRODUCTION_VERIFY_RESULT_FILE : VERIFY_RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
}

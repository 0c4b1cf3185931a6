/** Where `harden verify` leaves its last result beside the manifest (the editor shows it). */
export const VERIFY_RESULT_FILE = 'verify-result.json';

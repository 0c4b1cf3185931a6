import { join } from 'node:path';

/** test-results/ at the repository root (git-ignored); playwright creates it when it writes there. */
export function testResultPath(name: string): string {
  return join(__dirname, '..', '..', '..', '..', 'test-results', name);
}

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

/**
 * A copy of a profile's output directory whose Compose service (in `file`: compose.hardened.yaml,
 * or compose.prod.yaml of harden minify) is edited by `edit` — to show that verify fails when the
 * generated mounts are taken away.
 */
export function editedCopy(dir: string, edit: (service: Record<string, unknown>) => void, file = 'compose.hardened.yaml'): string {
  const copy = mkdtempSync(join(tmpdir(), 'harden-edited-'));
  cpSync(dir, copy, { recursive: true });
  const composePath = join(copy, file);
  const document = parseDocument(readFileSync(composePath, 'utf8'));
  const compose = document.toJS() as { services: Record<string, Record<string, unknown>> };
  const [name] = Object.keys(compose.services);
  edit(compose.services[name]);
  writeFileSync(composePath, JSON.stringify(compose, null, 2));
  return copy;
}

/** Read-only root and nothing else writable: no tmpfs, no volumes. */
export function withoutMounts(service: Record<string, unknown>): void {
  delete service.tmpfs;
  delete service.volumes;
}

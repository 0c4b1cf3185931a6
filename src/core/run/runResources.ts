import { hostname } from 'node:os';
import type { DockerEngine } from '../docker/dockerEngine';

export const MANAGED_LABEL = 'dev.harden.managed';
export const OWNER_LABEL = 'dev.harden.owner';
const PURPOSE_LABEL = 'dev.harden.purpose';

/**
 * Everything a run creates on the engine (containers, volumes) is labelled with its owner and
 * registered here, so it is removed at the end — on success, error, timeout and Ctrl-C alike —
 * and so leftovers of a crashed run can be recognised and removed by the next one.
 */
export class RunResources {
  private readonly containers: string[] = [];
  private readonly volumes: string[] = [];
  readonly runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  constructor(private readonly engine: DockerEngine) {}

  labels(purpose: string): Record<string, string> {
    return { [MANAGED_LABEL]: 'true', [OWNER_LABEL]: `${hostname()}/${process.pid}`, [PURPOSE_LABEL]: purpose };
  }

  volumeName(role: string): string {
    return `harden-${role}-${this.runId}`;
  }

  async createVolume(role: string, purpose: string): Promise<string> {
    const name = this.volumeName(role);
    this.volumes.push(name);
    await this.engine.createVolume(name, this.labels(purpose));
    return name;
  }

  trackContainer(id: string): void {
    this.containers.push(id);
  }

  async removeContainer(id: string): Promise<void> {
    await this.engine.removeContainer(id);
    const index = this.containers.indexOf(id);
    if (index >= 0) this.containers.splice(index, 1);
  }

  /** Removes everything this run created; never throws (reports what it could not remove). */
  async removeAll(): Promise<string[]> {
    const failures: string[] = [];
    for (const id of this.containers.splice(0).reverse()) {
      await this.engine.removeContainer(id).catch((error: unknown) => failures.push(`container ${id.slice(0, 12)}: ${String(error)}`));
    }
    for (const name of this.volumes.splice(0).reverse()) {
      await this.engine.removeVolume(name).catch((error: unknown) => failures.push(`volume ${name}: ${String(error)}`));
    }
    return failures;
  }
}

/**
 * Removes containers and volumes left by harden runs that died before cleaning up: those owned by
 * a process on this host that no longer exists.
 */
export async function removeLeftovers(engine: DockerEngine): Promise<number> {
  const abandoned = (labels: Record<string, string>): boolean => {
    const [host, pid] = (labels[OWNER_LABEL] ?? '').split('/');
    return host === hostname() && !processAlive(Number(pid));
  };
  let removed = 0;
  for (const container of await engine.listContainersByLabel(MANAGED_LABEL)) {
    if (!abandoned(container.labels)) continue;
    await engine.removeContainer(container.id).catch(() => undefined);
    removed += 1;
  }
  for (const volume of await engine.listVolumesByLabel(MANAGED_LABEL)) {
    if (!abandoned(volume.labels)) continue;
    await engine.removeVolume(volume.name).catch(() => undefined);
    removed += 1;
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

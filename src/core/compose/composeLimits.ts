import { parseDockerSize } from '../generate/sizeUnits';
import type { ComposeField } from './composeFields';

/** The service's resource limits; each is left out when the file does not set it. */
export interface ResourceLimits {
  memoryBytes?: number;
  /** -1: unlimited swap. */
  memorySwapBytes?: number;
  memoryReservationBytes?: number;
  nanoCpus?: number;
  cpuShares?: number;
  cpuset?: string;
  /** -1: unlimited. */
  pidsLimit?: number;
  oomScoreAdj?: number;
  shmSizeBytes?: number;
}

export interface UlimitSpec {
  name: string;
  soft: number;
  hard: number;
}

export function readLimits(definition: Record<string, unknown>, field: ComposeField): ResourceLimits {
  const limits: ResourceLimits = {};
  const set = <K extends keyof ResourceLimits>(key: K, value: ResourceLimits[K] | undefined): void => {
    if (value !== undefined) limits[key] = value;
  };
  const present = (key: string): boolean => definition[key] !== undefined && definition[key] !== null;
  if (present('mem_limit')) set('memoryBytes', readSize(definition.mem_limit, field.child('mem_limit')));
  if (present('memswap_limit')) {
    const swap = definition.memswap_limit;
    set('memorySwapBytes', swap === -1 || swap === '-1' ? -1 : readSize(swap, field.child('memswap_limit')));
  }
  if (present('mem_reservation')) set('memoryReservationBytes', readSize(definition.mem_reservation, field.child('mem_reservation')));
  if (present('shm_size')) set('shmSizeBytes', readSize(definition.shm_size, field.child('shm_size')));
  if (present('cpus')) set('nanoCpus', readCpus(definition.cpus, field.child('cpus')));
  if (present('cpu_shares')) set('cpuShares', field.child('cpu_shares').integer(definition.cpu_shares));
  if (present('cpuset')) set('cpuset', field.child('cpuset').text(definition.cpuset));
  if (present('pids_limit')) set('pidsLimit', field.child('pids_limit').integer(definition.pids_limit));
  if (present('oom_score_adj')) {
    const adjust = field.child('oom_score_adj').integer(definition.oom_score_adj);
    if (adjust < -1000 || adjust > 1000) field.child('oom_score_adj').fail('must be between -1000 and 1000');
    set('oomScoreAdj', adjust);
  }
  return limits;
}

/** `ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}`: one number sets both limits. */
export function readUlimits(value: unknown, field: ComposeField): UlimitSpec[] {
  if (value === undefined || value === null) return [];
  return Object.entries(field.mapping(value)).map(([name, limit]) => {
    const entry = field.child(name);
    if (typeof limit !== 'object' || limit === null) {
      const both = entry.integer(limit);
      return { name, soft: both, hard: both };
    }
    const pair = entry.knownMapping(limit, ['soft', 'hard']);
    const soft = entry.child('soft').integer(pair.soft);
    const hard = entry.child('hard').integer(pair.hard);
    if (soft > hard && hard !== -1) entry.fail(`has a soft limit (${soft}) above its hard limit (${hard})`);
    return { name, soft, hard };
  });
}

/** Bytes as a number, or with a unit as Compose writes them: `64m`, `1gb`, `512k`. */
function readSize(value: unknown, field: ComposeField): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const bytes = typeof value === 'string' ? parseDockerSize(value) : undefined;
  return bytes ?? field.fail('must be a size such as 64m or 1g');
}

/** `cpus: 1.5` → the Engine's NanoCpus. */
function readCpus(value: unknown, field: ComposeField): number {
  const cpus = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof cpus !== 'number' || !(cpus >= 0)) return field.fail('must be a number of CPUs such as 0.5 or 2');
  return Math.round(cpus * 1e9);
}

import { ComposeField } from './composeFields';

/**
 * What verify does with each key of a Compose service. Every key that changes how a container
 * runs is applied or refused in one sentence: a key dropped silently could let verify pass a
 * configuration Compose would run differently. Unknown keys are refused too, so a typo cannot pass.
 */
export type KeyHandling =
  | { handling: 'applied' }
  /** Irrelevant to one observed run, by design; documented in README.md. */
  | { handling: 'ignored'; why: string }
  /** The rest of `services.<name>.<key> in <file> …`. */
  | { handling: 'refused'; problem: string };

const applied = { handling: 'applied' } as const;
const ignored = (why: string): KeyHandling => ({ handling: 'ignored', why });
const refused = (problem: string): KeyHandling => ({ handling: 'refused', problem });

const ALONE = 'and verify runs this one service alone: remove it to verify';
const NOT_YET = 'is a Compose setting verify does not apply, so its run would differ from Compose: remove it to verify';

export const SERVICE_KEYS: Readonly<Record<string, KeyHandling>> = {
  image: applied,
  entrypoint: applied,
  command: applied,
  environment: applied,
  env_file: applied,
  working_dir: applied,
  user: applied,
  group_add: applied,
  read_only: applied,
  tmpfs: applied,
  volumes: applied,
  cap_add: applied,
  cap_drop: applied,
  security_opt: applied,
  init: applied,
  privileged: applied,
  sysctls: applied,
  ulimits: applied,
  shm_size: applied,
  mem_limit: applied,
  memswap_limit: applied,
  mem_reservation: applied,
  cpus: applied,
  cpu_shares: applied,
  cpuset: applied,
  pids_limit: applied,
  oom_score_adj: applied,
  stop_signal: applied,
  stop_grace_period: applied,
  ports: applied,
  expose: applied,
  hostname: applied,
  domainname: applied,
  labels: applied,
  healthcheck: applied,
  extra_hosts: applied,
  dns: applied,
  dns_search: applied,
  dns_opt: applied,
  tty: applied,
  stdin_open: applied,
  runtime: applied,
  network_mode: applied,
  networks: applied,
  pid: applied,
  ipc: applied,
  uts: applied,
  userns_mode: applied,
  cgroup: applied,
  cgroup_parent: applied,
  devices: applied,
  device_cgroup_rules: applied,

  restart: ignored('verify starts and stops the container itself; a restart policy has nothing to act on in one run'),
  container_name: ignored('verify names its own containers, so runs never collide'),
  pull_policy: ignored('verify runs the image already on the engine and never pulls'),
  scale: ignored('verify proves one container'),
  logging: ignored("verify reads the app's output through the engine's default log driver; the app runs the same"),
  develop: ignored('used by `docker compose watch` only'),
  // Beside `image:` (a service without one is refused), `docker compose up` runs the tagged image when it exists, as verify does.
  build: ignored('tells Compose how to build the image that `image:` names; verify runs that image as the engine has it (build it first when the Dockerfile changed)'),

  depends_on: refused(`starts other services first, ${ALONE}`),
  links: refused(`connects to other containers, ${ALONE}`),
  external_links: refused(`connects to other containers, ${ALONE}`),
  volumes_from: refused(`mounts the volumes of another container, ${ALONE}`),
  extends: refused('takes settings from another service or file, which verify does not read: copy them into this service'),
  secrets: refused('mounts Compose secrets, which verify does not create: remove secrets to verify'),
  configs: refused('mounts Compose configs, which verify does not create: remove configs to verify'),
  profiles: refused('ties the service to Compose profiles, which verify does not select: remove profiles to verify'),
  deploy: refused('sets deploy options (resources, replicas, placement), which verify does not apply: use mem_limit, cpus and pids_limit instead'),
  platform: refused('asks for an image platform, and verify runs the image on the engine as it is: remove platform to verify'),
  post_start: refused('runs lifecycle hooks, which verify does not run: remove post_start to verify'),
  pre_stop: refused('runs lifecycle hooks, which verify does not run: remove pre_stop to verify'),
  use_api_socket: refused("hands the container the Docker Engine's socket, which verify never does: remove use_api_socket to verify"),
  label_file: refused('reads labels from files, which verify does not: write them under labels'),
  gpus: refused('asks for GPUs, which verify does not pass to the container: remove gpus to verify'),
  mac_address: refused(NOT_YET),
  storage_opt: refused(NOT_YET),
  isolation: refused(NOT_YET),
  credential_spec: refused(NOT_YET),
  blkio_config: refused(NOT_YET),
  cpu_count: refused(NOT_YET),
  cpu_percent: refused(NOT_YET),
  cpu_period: refused(NOT_YET),
  cpu_quota: refused(NOT_YET),
  cpu_rt_period: refused(NOT_YET),
  cpu_rt_runtime: refused(NOT_YET),
  mem_swappiness: refused(NOT_YET),
  oom_kill_disable: refused(NOT_YET),
  annotations: refused(NOT_YET),
  attach: refused(NOT_YET),
};

/** Refuses, in one sentence, the first key of the service verify would not apply as Compose does. */
export function checkServiceKeys(definition: Record<string, unknown>, field: ComposeField): void {
  for (const key of Object.keys(definition)) {
    // x- keys are Compose extension fields: Compose ignores them, so does verify.
    if (key.startsWith('x-')) continue;
    const rule = SERVICE_KEYS[key];
    if (rule === undefined) field.child(key).fail('is not a Compose service key harden knows, so verify cannot tell what it changes: remove it or correct its spelling');
    if (rule.handling === 'refused') field.child(key).fail(rule.problem);
  }
}

/** Top-level keys; `networks`, `secrets` and `configs` matter only through a service, which is checked. */
const TOP_LEVEL_KEYS = ['version', 'name', 'services', 'volumes', 'networks', 'secrets', 'configs'];

export function checkTopLevelKeys(root: Record<string, unknown>, sourceName: string): void {
  for (const key of Object.keys(root)) {
    if (key.startsWith('x-') || TOP_LEVEL_KEYS.includes(key)) continue;
    const field = new ComposeField(sourceName, key);
    if (key === 'include') field.fail('pulls in other Compose files, which verify does not read: verify a file that defines the service itself');
    field.fail('is not a top-level Compose key harden knows, so verify cannot tell what it changes: remove it or correct its spelling');
  }
}

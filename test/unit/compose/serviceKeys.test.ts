import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HardenedRunSpec } from '../../../src/core/compose/composeRunSpec';
import { SERVICE_KEYS } from '../../../src/core/compose/serviceKeys';
import type { ContainerCreateOptions } from '../../../src/core/docker/dockerEngine';
import { assertBodyIncludes, engineBody, refusal, serviceSpec } from './composeCases';

interface AppliedCase {
  key: string;
  yaml: string;
  spec: Partial<HardenedRunSpec>;
  body: Partial<ContainerCreateOptions>;
  topLevel?: string;
}

const project = mkdtempSync(join(tmpdir(), 'harden-compose-keys-'));
writeFileSync(join(project, 'app.env'), '# settings\nLOG_LEVEL=debug\nINVENTORY_DATABASE=/from/env-file\n');

/** One case per applied key: the parsed spec, and what the Engine's create body gets. */
const APPLIED: AppliedCase[] = [
  { key: 'image', yaml: '', spec: { image: 'ghcr.io/acme/inventory-api:2.3.1' }, body: { Image: 'ghcr.io/acme/inventory-api:2.3.1' } },
  { key: 'entrypoint', yaml: 'entrypoint: ["/bin/app", "--fast"]', spec: { entrypoint: ['/bin/app', '--fast'] }, body: { Entrypoint: ['/bin/app'], Cmd: ['--fast'] } },
  { key: 'command', yaml: 'command: serve --port 9000', spec: { command: ['serve', '--port', '9000'] }, body: { Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['serve', '--port', '9000'] } },
  {
    key: 'environment',
    yaml: 'environment: {INVENTORY_DATABASE: /tmp/db, WORKERS: 4}',
    spec: { env: ['INVENTORY_DATABASE=/tmp/db', 'WORKERS=4'] },
    body: { Env: ['INVENTORY_DATABASE=/tmp/db', 'WORKERS=4'] },
  },
  {
    key: 'env_file',
    yaml: 'env_file: app.env\nenvironment: [LOG_LEVEL=info]',
    spec: { env: ['LOG_LEVEL=info', 'INVENTORY_DATABASE=/from/env-file'], envFiles: [{ path: join(project, 'app.env'), outsideProject: false }] },
    body: { Env: ['INVENTORY_DATABASE=/from/env-file', 'LOG_LEVEL=info'] },
  },
  { key: 'working_dir', yaml: 'working_dir: /srv/app', spec: { workingDir: '/srv/app' }, body: { WorkingDir: '/srv/app' } },
  { key: 'user', yaml: 'user: "0:0"', spec: { user: '0:0' }, body: { User: '0:0' } },
  { key: 'group_add', yaml: 'group_add: [audio, 44]', spec: { groupAdd: ['audio', '44'] }, body: { HostConfig: { GroupAdd: ['audio', '44'] } } },
  { key: 'read_only', yaml: 'read_only: true', spec: { readOnly: true }, body: { HostConfig: { ReadonlyRootfs: true } } },
  { key: 'tmpfs', yaml: 'tmpfs: ["/run:size=1m,uid=10001"]', spec: { tmpfs: { '/run': 'size=1m,uid=10001' } }, body: { HostConfig: { Tmpfs: { '/run': 'size=1m,uid=10001' } } } },
  {
    key: 'volumes',
    yaml: 'volumes: ["data:/var/lib/app:nocopy"]',
    spec: { volumes: [{ source: 'data', target: '/var/lib/app', readOnly: false, kind: 'volume', noCopy: true }] },
    body: { HostConfig: { Mounts: [{ Type: 'volume', Source: 'verify-data', Target: '/var/lib/app', ReadOnly: false, VolumeOptions: { NoCopy: true } }] } },
    topLevel: 'volumes: {data: {}}',
  },
  { key: 'cap_add', yaml: 'cap_add: [net_bind_service, CAP_CHOWN]', spec: { capAdd: ['NET_BIND_SERVICE', 'CHOWN'] }, body: { HostConfig: { CapAdd: ['NET_BIND_SERVICE', 'CHOWN'] } } },
  { key: 'cap_drop', yaml: 'cap_drop: [ALL]', spec: { capDrop: ['ALL'] }, body: { HostConfig: { CapDrop: ['ALL'] } } },
  {
    key: 'security_opt',
    yaml: 'security_opt: ["no-new-privileges:true", "apparmor=docker-default"]',
    spec: { securityOpt: ['no-new-privileges:true', 'apparmor=docker-default'] },
    body: { HostConfig: { SecurityOpt: ['no-new-privileges:true', 'apparmor=docker-default'] } },
  },
  { key: 'init', yaml: 'init: true', spec: { init: true }, body: { HostConfig: { Init: true } } },
  { key: 'privileged', yaml: 'privileged: true', spec: { privileged: true }, body: { HostConfig: { Privileged: true } } },
  {
    key: 'sysctls',
    yaml: 'sysctls: {net.core.somaxconn: 1024, net.ipv4.tcp_syncookies: 0}',
    spec: { sysctls: { 'net.core.somaxconn': '1024', 'net.ipv4.tcp_syncookies': '0' } },
    body: { HostConfig: { Sysctls: { 'net.core.somaxconn': '1024', 'net.ipv4.tcp_syncookies': '0' } } },
  },
  {
    key: 'ulimits',
    yaml: 'ulimits: {nproc: 512, nofile: {soft: 1024, hard: 4096}}',
    spec: { ulimits: [{ name: 'nproc', soft: 512, hard: 512 }, { name: 'nofile', soft: 1024, hard: 4096 }] },
    body: { HostConfig: { Ulimits: [{ Name: 'nproc', Soft: 512, Hard: 512 }, { Name: 'nofile', Soft: 1024, Hard: 4096 }] } },
  },
  { key: 'shm_size', yaml: 'shm_size: 64m', spec: { limits: { shmSizeBytes: 64 * 1024 ** 2 } }, body: { HostConfig: { ShmSize: 64 * 1024 ** 2 } } },
  { key: 'mem_limit', yaml: 'mem_limit: 512m', spec: { limits: { memoryBytes: 512 * 1024 ** 2 } }, body: { HostConfig: { Memory: 512 * 1024 ** 2 } } },
  { key: 'memswap_limit', yaml: 'memswap_limit: -1', spec: { limits: { memorySwapBytes: -1 } }, body: { HostConfig: { MemorySwap: -1 } } },
  { key: 'mem_reservation', yaml: 'mem_reservation: 1gb', spec: { limits: { memoryReservationBytes: 1024 ** 3 } }, body: { HostConfig: { MemoryReservation: 1024 ** 3 } } },
  { key: 'cpus', yaml: 'cpus: 0.5', spec: { limits: { nanoCpus: 500_000_000 } }, body: { HostConfig: { NanoCpus: 500_000_000 } } },
  { key: 'cpu_shares', yaml: 'cpu_shares: 512', spec: { limits: { cpuShares: 512 } }, body: { HostConfig: { CpuShares: 512 } } },
  { key: 'cpuset', yaml: 'cpuset: "0,1"', spec: { limits: { cpuset: '0,1' } }, body: { HostConfig: { CpusetCpus: '0,1' } } },
  { key: 'pids_limit', yaml: 'pids_limit: 100', spec: { limits: { pidsLimit: 100 } }, body: { HostConfig: { PidsLimit: 100 } } },
  { key: 'oom_score_adj', yaml: 'oom_score_adj: 500', spec: { limits: { oomScoreAdj: 500 } }, body: { HostConfig: { OomScoreAdj: 500 } } },
  { key: 'stop_signal', yaml: 'stop_signal: quit', spec: { stopSignal: 'SIGQUIT' }, body: { StopSignal: 'SIGQUIT' } },
  { key: 'stop_grace_period', yaml: 'stop_grace_period: 1m30s', spec: { stopGracePeriodSeconds: 90 }, body: { StopTimeout: 90 } },
  {
    key: 'ports',
    yaml: 'ports: ["8080:80", "0.0.0.0:5353:53/udp", "9000", {target: 443, published: "8443", host_ip: "::"}]',
    spec: {
      ports: [
        { target: 80, protocol: 'tcp', hostIp: '', published: '8080' },
        { target: 53, protocol: 'udp', hostIp: '0.0.0.0', published: '5353' },
        { target: 9000, protocol: 'tcp', hostIp: '', published: '' },
        { target: 443, protocol: 'tcp', hostIp: '::', published: '8443' },
      ],
    },
    body: {
      ExposedPorts: { '80/tcp': {}, '53/udp': {}, '9000/tcp': {}, '443/tcp': {} },
      // A local engine publishes on 127.0.0.1 only, whatever address the file names.
      HostConfig: {
        PortBindings: {
          '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
          '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }],
          '9000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
          '443/tcp': [{ HostIp: '127.0.0.1', HostPort: '8443' }],
        },
      },
    },
  },
  { key: 'expose', yaml: 'expose: ["3000", "4000-4001/udp"]', spec: { expose: ['3000/tcp', '4000/udp', '4001/udp'] }, body: { ExposedPorts: { '3000/tcp': {}, '4000/udp': {}, '4001/udp': {} } } },
  { key: 'hostname', yaml: 'hostname: inventory', spec: { hostname: 'inventory' }, body: { Hostname: 'inventory' } },
  { key: 'domainname', yaml: 'domainname: example.test', spec: { domainname: 'example.test' }, body: { Domainname: 'example.test' } },
  {
    key: 'labels',
    yaml: 'labels: ["com.example.team=stock", "dev.harden.managed=false"]',
    spec: { labels: { 'com.example.team': 'stock', 'dev.harden.managed': 'false' } },
    // harden's own labels win: cleanup finds its containers by them.
    body: { Labels: { 'com.example.team': 'stock', 'dev.harden.managed': 'true' } },
  },
  {
    key: 'healthcheck',
    yaml: 'healthcheck: {test: "wget -qO- localhost:8080/healthz", interval: 30s, timeout: 5s, retries: 3, start_period: 1m}',
    spec: { healthcheck: { test: ['CMD-SHELL', 'wget -qO- localhost:8080/healthz'], intervalNs: 30e9, timeoutNs: 5e9, retries: 3, startPeriodNs: 60e9 } },
    body: { Healthcheck: { Test: ['CMD-SHELL', 'wget -qO- localhost:8080/healthz'], Interval: 30e9, Timeout: 5e9, StartPeriod: 60e9, Retries: 3 } },
  },
  { key: 'extra_hosts', yaml: 'extra_hosts: ["db=10.0.0.5", "cache:10.0.0.6"]', spec: { extraHosts: ['db:10.0.0.5', 'cache:10.0.0.6'] }, body: { HostConfig: { ExtraHosts: ['db:10.0.0.5', 'cache:10.0.0.6'] } } },
  { key: 'dns', yaml: 'dns: 9.9.9.9', spec: { dns: ['9.9.9.9'] }, body: { HostConfig: { Dns: ['9.9.9.9'] } } },
  { key: 'dns_search', yaml: 'dns_search: [example.test]', spec: { dnsSearch: ['example.test'] }, body: { HostConfig: { DnsSearch: ['example.test'] } } },
  { key: 'dns_opt', yaml: 'dns_opt: [ndots:2]', spec: { dnsOptions: ['ndots:2'] }, body: { HostConfig: { DnsOptions: ['ndots:2'] } } },
  { key: 'tty', yaml: 'tty: true', spec: { tty: true }, body: { Tty: true } },
  { key: 'stdin_open', yaml: 'stdin_open: true', spec: { stdinOpen: true }, body: { OpenStdin: true } },
  { key: 'runtime', yaml: 'runtime: runc', spec: { runtime: 'runc' }, body: { HostConfig: { Runtime: 'runc' } } },
  // No network of its own, so nothing is published (the engine refuses bindings then).
  { key: 'network_mode', yaml: 'network_mode: none\nports: ["8080:80"]', spec: { namespaces: { network: 'none' } }, body: { HostConfig: { NetworkMode: 'none', PortBindings: undefined } } },
  { key: 'networks', yaml: 'networks: [default]', spec: { namespaces: {} }, body: { HostConfig: { NetworkMode: undefined } } },
  { key: 'pid', yaml: 'pid: host', spec: { namespaces: { pid: 'host' } }, body: { HostConfig: { PidMode: 'host' } } },
  { key: 'ipc', yaml: 'ipc: shareable', spec: { namespaces: { ipc: 'shareable' } }, body: { HostConfig: { IpcMode: 'shareable' } } },
  { key: 'uts', yaml: 'uts: host', spec: { namespaces: { uts: 'host' } }, body: { HostConfig: { UTSMode: 'host' } } },
  { key: 'userns_mode', yaml: 'userns_mode: host', spec: { namespaces: { userns: 'host' } }, body: { HostConfig: { UsernsMode: 'host' } } },
  { key: 'cgroup', yaml: 'cgroup: private', spec: { namespaces: { cgroup: 'private' } }, body: { HostConfig: { CgroupnsMode: 'private' } } },
  { key: 'cgroup_parent', yaml: 'cgroup_parent: harden.slice', spec: { cgroupParent: 'harden.slice' }, body: { HostConfig: { CgroupParent: 'harden.slice' } } },
  {
    key: 'devices',
    yaml: 'devices: ["/dev/fuse", "/dev/ttyUSB0:/dev/modem:r"]',
    spec: { devices: [{ pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', permissions: 'rwm' }, { pathOnHost: '/dev/ttyUSB0', pathInContainer: '/dev/modem', permissions: 'r' }] },
    body: { HostConfig: { Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }, { PathOnHost: '/dev/ttyUSB0', PathInContainer: '/dev/modem', CgroupPermissions: 'r' }] } },
  },
  { key: 'device_cgroup_rules', yaml: 'device_cgroup_rules: ["c 10:229 rwm"]', spec: { deviceCgroupRules: ['c 10:229 rwm'] }, body: { HostConfig: { DeviceCgroupRules: ['c 10:229 rwm'] } } },
];

/** Refused keys and the exact sentence (exit 6); every refused key of SERVICE_KEYS is here. */
const REFUSED: Array<[string, string]> = [
  ['depends_on: [db]', 'services.app.depends_on in compose.yaml starts other services first, and verify runs this one service alone: remove it to verify.'],
  ['links: [db]', 'services.app.links in compose.yaml connects to other containers, and verify runs this one service alone: remove it to verify.'],
  ['external_links: [db]', 'services.app.external_links in compose.yaml connects to other containers, and verify runs this one service alone: remove it to verify.'],
  ['volumes_from: [db]', 'services.app.volumes_from in compose.yaml mounts the volumes of another container, and verify runs this one service alone: remove it to verify.'],
  ['extends: {service: base}', 'services.app.extends in compose.yaml takes settings from another service or file, which verify does not read: copy them into this service.'],
  ['secrets: [token]', 'services.app.secrets in compose.yaml mounts Compose secrets, which verify does not create: remove secrets to verify.'],
  ['configs: [nginx]', 'services.app.configs in compose.yaml mounts Compose configs, which verify does not create: remove configs to verify.'],
  ['profiles: [debug]', 'services.app.profiles in compose.yaml ties the service to Compose profiles, which verify does not select: remove profiles to verify.'],
  ['deploy: {replicas: 2}', 'services.app.deploy in compose.yaml sets deploy options (resources, replicas, placement), which verify does not apply: use mem_limit, cpus and pids_limit instead.'],
  ['platform: linux/arm64', 'services.app.platform in compose.yaml asks for an image platform, and verify runs the image on the engine as it is: remove platform to verify.'],
  ['post_start: [{command: ./warm}]', 'services.app.post_start in compose.yaml runs lifecycle hooks, which verify does not run: remove post_start to verify.'],
  ['pre_stop: [{command: ./drain}]', 'services.app.pre_stop in compose.yaml runs lifecycle hooks, which verify does not run: remove pre_stop to verify.'],
  ['use_api_socket: true', "services.app.use_api_socket in compose.yaml hands the container the Docker Engine's socket, which verify never does: remove use_api_socket to verify."],
  ['label_file: labels.txt', 'services.app.label_file in compose.yaml reads labels from files, which verify does not: write them under labels.'],
  ['gpus: all', 'services.app.gpus in compose.yaml asks for GPUs, which verify does not pass to the container: remove gpus to verify.'],
  ...['mac_address', 'storage_opt', 'isolation', 'credential_spec', 'blkio_config', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'mem_swappiness', 'oom_kill_disable', 'annotations', 'attach'].map(
    (key): [string, string] => [`${key}: x`, `services.app.${key} in compose.yaml is a Compose setting verify does not apply, so its run would differ from Compose: remove it to verify.`],
  ),
];

/** Values of applied keys that verify cannot reproduce for one service. */
const REFUSED_VALUES: Array<[string, string]> = [
  ['networks: [backend]', "services.app.networks in compose.yaml attaches the service to networks verify does not create (it runs the container on the engine's default bridge network): remove networks to verify."],
  ['network_mode: "service:db"', 'services.app.network_mode in compose.yaml shares the namespace of db, and verify runs this one service alone: remove it to verify.'],
  ['network_mode: backend', 'services.app.network_mode in compose.yaml is backend, which verify cannot reproduce for a single service (it runs bridge, default, none, host): remove it to verify.'],
  ['pid: "container:abc"', 'services.app.pid in compose.yaml shares the namespace of abc, and verify runs this one service alone: remove it to verify.'],
  ['devices: ["nvidia.com/gpu=all"]', 'services.app.devices[0] in compose.yaml names a device verify cannot pass (it passes /dev paths): remove it to verify.'],
  ['environment: [TOKEN]', 'services.app.environment[0] in compose.yaml gives TOKEN no value, which Compose would copy from the environment it runs in and harden does not pass on: write TOKEN=value.'],
  ['environment: {TOKEN: null}', 'services.app.environment.TOKEN in compose.yaml gives TOKEN no value, which Compose would copy from the environment it runs in and harden does not pass on: write TOKEN=value.'],
  ['environment: ["URL=${HOST}/x"]', 'services.app.environment[0] in compose.yaml uses the variable ${HOST}, and harden reads the file without interpolating: write its value instead.'],
  ['stop_grace_period: 10', 'services.app.stop_grace_period in compose.yaml must be a duration such as 10s or 1m30s.'],
  ['ulimits: {nofile: {soft: 2048, hard: 1024}}', 'services.app.ulimits.nofile in compose.yaml has a soft limit (2048) above its hard limit (1024).'],
  ['ports: ["80:80:80:80"]', 'services.app.ports[0] in compose.yaml must be [HOST_IP:][HOST_PORT:]PORT[/PROTOCOL] (an IPv6 address in brackets).'],
  ['ports: ["8000-8002:80-81"]', 'services.app.ports[0] in compose.yaml publishes 2 container ports on 3 host ports.'],
  ['healthcheck: {test: [curl, localhost]}', 'services.app.healthcheck.test in compose.yaml must start with CMD, CMD-SHELL or NONE when it is a list.'],
  ['healthcheck: {tset: [CMD, true]}', 'services.app.healthcheck.tset in compose.yaml is not an option harden knows here (it knows test, interval, timeout, retries, start_period, start_interval, disable): remove it or correct its spelling.'],
  ['working_dir: srv', 'services.app.working_dir in compose.yaml must be an absolute path.'],
];

describe('every Compose service key', () => {
  describe('applied: the parsed spec and the Engine create body', () => {
    for (const testCase of APPLIED) {
      it(testCase.key, () => {
        const spec = serviceSpec(testCase.yaml, { project: { directory: project }, topLevel: testCase.topLevel });
        for (const [field, value] of Object.entries(testCase.spec)) assert.deepEqual(spec[field as keyof HardenedRunSpec], value, field);
        assertBodyIncludes(engineBody(spec), testCase.body);
      });
    }
  });

  it('has a case above for every applied key', () => {
    const applied = Object.entries(SERVICE_KEYS).filter(([, rule]) => rule.handling === 'applied').map(([key]) => key);
    assert.deepEqual(applied.filter((key) => !APPLIED.some((testCase) => testCase.key === key)), []);
  });

  describe('ignored by design: accepted, and the container is the same as without them', () => {
    const plain = engineBody(serviceSpec(''));
    for (const [key, rule] of Object.entries(SERVICE_KEYS).filter(([, candidate]) => candidate.handling === 'ignored')) {
      it(`${key} (${rule.handling === 'ignored' ? rule.why : ''})`, () => {
        const value = { logging: '{driver: none}', develop: '{watch: []}', scale: '1', build: '{context: ../.., dockerfile: Dockerfile}' }[key] ?? 'always';
        assert.deepEqual(engineBody(serviceSpec(`${key}: ${value}`)), plain);
      });
    }
  });

  describe('refused in one sentence naming the key', () => {
    for (const [yaml, sentence] of [...REFUSED, ...REFUSED_VALUES]) {
      it(yaml, () => assert.equal(refusal(() => serviceSpec(yaml)), sentence));
    }

    it('has a case above for every refused key', () => {
      const refused = Object.entries(SERVICE_KEYS).filter(([, rule]) => rule.handling === 'refused').map(([key]) => key);
      assert.deepEqual(refused.filter((key) => !REFUSED.some(([yaml]) => yaml.startsWith(`${key}:`))), []);
    });

    it('an unknown key, so a typo cannot pass', () => {
      assert.equal(
        refusal(() => serviceSpec('read_onyl: true')),
        'services.app.read_onyl in compose.yaml is not a Compose service key harden knows, so verify cannot tell what it changes: remove it or correct its spelling.',
      );
    });

    it('but not an x- extension field, which Compose ignores too', () => {
      assert.deepEqual(engineBody(serviceSpec('x-owner: stock team')), engineBody(serviceSpec('')));
    });
  });
});

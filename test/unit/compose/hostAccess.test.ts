import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerSpecFor } from '../../../src/core/compose/composeContainer';
import { describeHostAccess, hostAccess, refuseHostAccess } from '../../../src/core/compose/hostAccess';
import { MANIFEST, refusal, serviceSpec } from './composeCases';

const outside = mkdtempSync(join(tmpdir(), 'harden-host-env-'));
writeFileSync(join(outside, 'host.env'), 'TOKEN=secret\n');
const project = mkdtempSync(join(tmpdir(), 'harden-host-project-'));
writeFileSync(join(project, 'app.env'), 'MODE=test\n');

/** Each kind of host access, with a benign sibling that must pass. */
const KINDS: Array<{ what: string; host: string; benign: string; item: string; topLevel?: string }> = [
  { what: 'a bind mount', host: 'volumes: ["/etc:/host-etc:ro"]', benign: 'volumes: ["data:/var/lib/app"]', item: "volumes: the host's /etc mounted at /host-etc (read-only)", topLevel: 'volumes: {data: {}}' },
  { what: 'a relative bind mount', host: 'volumes: ["./:/src"]', benign: 'volumes: ["/src"]', item: `volumes: the host's ${project} mounted at /src` },
  { what: 'an env file outside the project', host: `env_file: ${join(outside, 'host.env')}`, benign: 'env_file: app.env', item: `env_file: ${join(outside, 'host.env')}, a host file outside the Compose file's folder, copied into the container's environment` },
  { what: 'privileged', host: 'privileged: true', benign: 'privileged: false', item: 'privileged: every capability and every host device, without seccomp or AppArmor' },
  { what: 'cap_add ALL', host: 'cap_add: [all]', benign: 'cap_add: [CHOWN, NET_BIND_SERVICE]', item: "cap_add: ALL: every capability, root's full power over the host kernel" },
  { what: 'cap_add SYS_ADMIN', host: 'cap_add: [CAP_SYS_ADMIN]', benign: 'cap_add: [SYS_CHROOT]', item: 'cap_add: SYS_ADMIN: mounts and most other administration, the usual way out of a container' },
  { what: 'seccomp unconfined', host: 'security_opt: ["seccomp:unconfined"]', benign: 'security_opt: ["no-new-privileges:true"]', item: 'security_opt: seccomp:unconfined: no system call filter' },
  { what: 'AppArmor unconfined', host: 'security_opt: ["apparmor=unconfined"]', benign: 'security_opt: ["apparmor=docker-default"]', item: 'security_opt: apparmor=unconfined: no AppArmor profile' },
  { what: 'SELinux labels off', host: 'security_opt: ["label=disable"]', benign: 'security_opt: ["label=type:svirt_apache_t"]', item: 'security_opt: label=disable: no SELinux confinement' },
  { what: 'system paths unmasked', host: 'security_opt: ["systempaths=unconfined"]', benign: 'security_opt: []', item: "security_opt: systempaths=unconfined: the host kernel's /proc and /sys paths unmasked" },
  { what: 'the host network', host: 'network_mode: host', benign: 'network_mode: bridge', item: "network_mode: host: the host's network interfaces and ports" },
  { what: 'the host PIDs', host: 'pid: host', benign: 'init: true', item: 'pid: host: sees and signals every process on the host' },
  { what: 'the host IPC', host: 'ipc: host', benign: 'ipc: private', item: "ipc: host: the host's shared memory and semaphores" },
  { what: 'the host UTS', host: 'uts: host', benign: 'hostname: shop', item: "uts: host: can change the host's name" },
  { what: 'the host user namespace', host: 'userns_mode: host', benign: 'user: "10001:10001"', item: 'userns_mode: host: root in the container is root on the host when the engine remaps users' },
  { what: 'the host cgroup namespace', host: 'cgroup: host', benign: 'cgroup: private', item: "cgroup: host: the host's cgroup tree" },
  { what: 'a device', host: 'devices: ["/dev/sda:/dev/disk"]', benign: 'shm_size: 64m', item: 'devices: the host device /dev/sda' },
  { what: 'device cgroup rules', host: 'device_cgroup_rules: ["b 8:* rmw"]', benign: 'pids_limit: 100', item: 'device_cgroup_rules: b 8:* rmw: host devices by number' },
  { what: 'a cgroup parent', host: 'cgroup_parent: system.slice', benign: 'mem_limit: 256m', item: "cgroup_parent: system.slice: a place in the host's cgroup tree" },
];

describe('host access', () => {
  for (const kind of KINDS) {
    it(`lists ${kind.what}, and not its benign sibling`, () => {
      const read = (yaml: string) => serviceSpec(yaml, { project: { directory: project }, topLevel: kind.topLevel });
      assert.deepEqual(describeHostAccess(hostAccess(read(kind.host))), [kind.item]);
      assert.deepEqual(hostAccess(read(kind.benign)), []);
    });
  }

  it('finds none in a generated file', () => {
    assert.deepEqual(hostAccess(serviceSpec('read_only: true\ncap_drop: [ALL]\ncap_add: [CHOWN, SETUID, SETGID]\nsecurity_opt: ["no-new-privileges:true"]\ntmpfs: [/run]')), []);
  });

  it('refuses in one line listing every item, unless allowed', () => {
    const spec = serviceSpec('privileged: true\nvolumes: ["/:/host"]');
    const sentence =
      "services.app in compose.yaml gives the container access to the host (volumes: the host's / mounted at /host; privileged: every capability and every host device, without seccomp or AppArmor); verify runs it only with --allow-host-access.";
    assert.equal(refusal(() => refuseHostAccess(spec, undefined)), sentence);
    assert.equal(refusal(() => refuseHostAccess(spec, false)), sentence);
    assert.doesNotThrow(() => refuseHostAccess(spec, true));
  });

  it('is refused by containerSpecFor itself, so no caller can forget', () => {
    const spec = serviceSpec('volumes: ["/var/run/docker.sock:/var/run/docker.sock"]');
    const context = { volumeNames: new Map<string, string>(), imageWorkingDir: '/app' };
    assert.match(refusal(() => containerSpecFor(MANIFEST, spec, context)), /the host's \/var\/run\/docker\.sock mounted at/);
    assert.deepEqual(containerSpecFor(MANIFEST, spec, { ...context, allowHostAccess: true }).hostConfig.Binds, ['/var/run/docker.sock:/var/run/docker.sock:rw']);
  });
});

import type { ComposeField } from './composeFields';

export interface DeviceSpec {
  pathOnHost: string;
  pathInContainer: string;
  /** Cgroup permissions: some of r, w, m. */
  permissions: string;
}

/** `devices: ["/dev/ttyUSB0[:/dev/ttyUSB0[:rwm]]", {source, target, permissions}]`. */
export function readDevices(value: unknown, field: ComposeField): DeviceSpec[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return field.fail('must be a list');
  return value.map((item, index) => {
    const entry = field.child(index);
    let device: DeviceSpec;
    if (typeof item === 'object' && item !== null) {
      const long = entry.knownMapping(item, ['source', 'target', 'permissions']);
      const source = entry.child('source').text(long.source);
      device = {
        pathOnHost: source,
        pathInContainer: entry.child('target').optionalText(long.target) ?? source,
        permissions: entry.child('permissions').optionalText(long.permissions) ?? 'rwm',
      };
    } else {
      const [pathOnHost, pathInContainer = pathOnHost, permissions = 'rwm', ...rest] = entry.text(item).split(':');
      device = { pathOnHost, pathInContainer, permissions };
      if (rest.length > 0) entry.fail('must be HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]]');
    }
    // CDI names (vendor.com/class=name) need the engine's CDI support and device requests.
    if (!device.pathOnHost.startsWith('/')) entry.fail('names a device verify cannot pass (it passes /dev paths): remove it to verify');
    if (!/^[rwm]{1,3}$/.test(device.permissions)) entry.fail('has permissions other than r, w and m');
    return device;
  });
}

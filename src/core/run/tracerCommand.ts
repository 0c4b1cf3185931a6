import type { TracerBundle } from '../tracer/tracerBundle';

export const TRACER_MOUNT = '/.harden-tracer';
export const OUTPUT_MOUNT = '/.harden-out';
export const TRACE_DIRECTORY = `${OUTPUT_MOUNT}/trace`;

/**
 * The syscalls the analysis reads. `?` lets strace skip names an architecture lacks (arm64 has no
 * `open`, `mkdir`, …), so one list serves every engine.
 */
const TRACED_SYSCALLS = [
  'execve', 'execveat', 'clone', 'clone3', 'fork', 'vfork', 'chdir', 'fchdir',
  // Lookups: they need search permission above the path, and a path not found may be one a mount hid.
  'stat', 'lstat', 'newfstatat', 'fstatat64', 'statx', 'access', 'faccessat', 'faccessat2', 'readlink', 'readlinkat',
  'open', 'openat', 'openat2', 'creat', 'mkdir', 'mkdirat', 'rmdir', 'unlink', 'unlinkat',
  'rename', 'renameat', 'renameat2', 'link', 'linkat', 'symlink', 'symlinkat', 'mknod', 'mknodat',
  'truncate', 'ftruncate', 'chmod', 'fchmod', 'fchmodat', 'chown', 'fchown', 'lchown', 'fchownat', 'utimensat',
  'write', 'pwrite64', 'writev', 'pwritev', 'pwritev2', 'sendfile', 'copy_file_range',
  'fsync', 'fdatasync', 'sync_file_range',
  'setxattr', 'lsetxattr', 'fsetxattr', 'umask',
  'bind', 'socket', 'setuid', 'setgid', 'setreuid', 'setregid', 'setresuid', 'setresgid', 'setfsuid', 'setfsgid', 'setgroups',
  'capset', 'prctl', 'kill', 'tkill', 'tgkill', 'wait4', 'waitid', 'chroot', 'mount',
  // Not the app's business; seen only so that a traced app forging its own trace is caught.
  'ptrace', 'process_vm_writev', 'io_uring_setup',
];

/**
 * The container entrypoint that runs `argv` under strace. strace runs through its own loader and
 * libraries from the read-only tracer volume, so the image's libc (or lack of one) does not matter.
 * `-D` makes strace a detached grandchild: the app stays the container's first process and gets
 * `docker stop`'s signal itself, exactly as in a plain run, while its shutdown is still traced.
 */
export function tracedEntrypoint(bundle: TracerBundle, traceFile: string, argv: string[]): string[] {
  return [
    `${TRACER_MOUNT}/lib/${bundle.loader}`,
    '--library-path',
    `${TRACER_MOUNT}/lib`,
    `${TRACER_MOUNT}/strace`,
    '-D',
    '-f',
    '-q',
    '-v',
    '-yy',
    '-s',
    '1024',
    '--seccomp-bpf',
    '-o',
    `${TRACE_DIRECTORY}/${traceFile}`,
    '-e',
    `trace=${TRACED_SYSCALLS.map((name) => `?${name}`).join(',')}`,
    '--',
    ...argv,
  ];
}

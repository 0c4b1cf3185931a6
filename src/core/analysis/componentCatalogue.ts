import type { ComponentCategory } from '../manifest/manifestTypes';

/**
 * Programs that a shell-less production image should not need, by what they are. Names are
 * matched against executables in the usual bin directories; a versioned name (`python3.11`,
 * `pip3`, `perl5.36.0`) matches its base.
 */
const CATALOGUE: Record<ComponentCategory, string[]> = {
  shell: ['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox', 'toybox'],
  'package-manager': [
    'apt', 'apt-get', 'apt-cache', 'aptitude', 'dpkg', 'apk', 'yum', 'dnf', 'microdnf', 'rpm', 'zypper',
    'pacman', 'pip', 'pip3', 'npm', 'npx', 'yarn', 'pnpm', 'gem', 'bundle', 'composer', 'conda',
  ],
  'network-tool': [
    'curl', 'wget', 'nc', 'netcat', 'ncat', 'nc.openbsd', 'nc.traditional', 'socat', 'ssh', 'scp', 'sftp',
    'telnet', 'ftp', 'rsync', 'nslookup', 'dig', 'host', 'ping', 'ip', 'ifconfig', 'netstat', 'ss',
    'iptables', 'nmap', 'tcpdump',
  ],
  'debug-tool': [
    'strace', 'ltrace', 'gdb', 'perf', 'lsof', 'ps', 'top', 'htop', 'vi', 'vim', 'nano', 'less',
    'su', 'sudo', 'doas', 'setpriv', 'gosu', 'su-exec', 'chroot', 'mount', 'passwd', 'useradd', 'gcc', 'cc', 'make',
  ],
  interpreter: ['python', 'python2', 'python3', 'perl', 'ruby', 'node', 'nodejs', 'php', 'lua', 'java', 'Rscript', 'tclsh', 'awk', 'gawk', 'mawk'],
};

const BY_NAME = new Map<string, ComponentCategory>(
  Object.entries(CATALOGUE).flatMap(([category, names]) => names.map((name) => [name, category as ComponentCategory])),
);

export const BIN_DIRECTORIES = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];

export function categoryOf(fileName: string): ComponentCategory | undefined {
  return BY_NAME.get(fileName) ?? BY_NAME.get(fileName.replace(/[\d.]+$/, '')) ?? BY_NAME.get(fileName.replace(/-?[\d.]+$/, ''));
}

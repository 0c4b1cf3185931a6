import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeadlineError, pollUntil } from './deadline';
import type { E2eTools } from './e2eTools';
import { freePort } from './freePort';

/** The folders one code-server owns: nothing is read from or written to the user's own. */
export interface CodeServerDirs {
  userDataDir: string;
  extensionsDir: string;
  /** config.yaml, XDG folders and the server's log. */
  stateDir: string;
}

export interface RunningCodeServer {
  port: number;
  url: string;
  log: string;
  stop(): Promise<void>;
}

const ANSWER_TIMEOUT_MS = 60_000;
const INSTALL_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;

function serverArgs(tools: E2eTools, dirs: CodeServerDirs): string[] {
  return [
    tools.codeServer,
    // An explicit config file: without one code-server writes ~/.config/code-server/config.yaml.
    '--config', join(dirs.stateDir, 'config.yaml'),
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
  ];
}

function serverEnv(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.stateDir, 'config'),
    XDG_DATA_HOME: join(dirs.stateDir, 'data'),
    // The harness runs under mocha: no debugger or tsx hooks may leak into VS Code's processes.
    NODE_OPTIONS: '',
  };
}

function writeServerConfig(dirs: CodeServerDirs): void {
  writeFileSync(join(dirs.stateDir, 'config.yaml'), 'auth: none\ncert: false\n');
}

/** Installs a .vsix with code-server's own `--install-extension`, as a user would. */
export function installExtension(tools: E2eTools, dirs: CodeServerDirs, vsix: string): string {
  writeServerConfig(dirs);
  const result = spawnSync(tools.node, [...serverArgs(tools, dirs), '--force', '--install-extension', vsix], {
    env: serverEnv(dirs),
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.error || result.status !== 0 || !/successfully installed/i.test(output)) {
    const why = result.error ? result.error.message : `exit ${result.status}`;
    throw new Error(`code-server --install-extension ${vsix} failed (${why}):\n${output}`);
  }
  return output;
}

/**
 * Starts code-server on 127.0.0.1 on a free port, without authentication, telemetry or update
 * checks, and waits until it answers. Its own process group, so stop() ends the server with the
 * extension host and everything else it started.
 */
export async function startCodeServer(tools: E2eTools, dirs: CodeServerDirs): Promise<RunningCodeServer> {
  writeServerConfig(dirs);
  const port = await freePort();
  const log = join(dirs.stateDir, 'code-server.log');
  const logFd = openSync(log, 'a');
  const child = spawn(
    tools.node,
    [
      ...serverArgs(tools, dirs),
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { env: serverEnv(dirs), stdio: ['ignore', logFd, logFd], detached: true },
  );
  closeSync(logFd);
  // If the test process exits without stop() (a crash, process.exit), the server must not outlive it.
  const killOnExit = () => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcessGroup(child);
    process.off('exit', killOnExit);
  };
  const server: RunningCodeServer = { port, url, log, stop };
  try {
    await waitForAnswer(child, url, port, log);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForAnswer(child: ChildProcess, url: string, port: number, log: string): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `exit ${code}`));
  try {
    await pollUntil(
      async () => {
        if (exited) {
          throw new Error(`code-server stopped (${exited}) before it answered:\n${tail(log)}`);
        }
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        return response.ok ? true : undefined;
      },
      { timeoutMs: ANSWER_TIMEOUT_MS, intervalMs: 500, message: `code-server did not answer on :${port}` },
    );
  } catch (error) {
    if (exited) {
      throw new Error(`code-server stopped (${exited}) before it answered on :${port}:\n${tail(log)}`);
    }
    if (error instanceof DeadlineError) {
      throw new Error(`${error.message}\n${tail(log)}`);
    }
    throw error;
  }
}

function tail(log: string, lines = 20): string {
  try {
    return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM to the group the server leads, SIGKILL after a grace period; resolves when it is gone. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
  // The extension host and pty host may outlive the server by a moment.
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

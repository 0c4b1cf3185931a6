import * as vscode from 'vscode';
import type { DockerEngine } from '../core/docker/dockerEngine';
import { HardenError } from '../core/errors';
import { engineModules } from './engineModules';
import { trustedDockerHost } from './workspaceTrust';

/**
 * The connection to the Docker Engine, made on first use (activation never touches Docker) and
 * made again when harden.dockerHost or the workspace trust changes.
 */
export class DockerSession implements vscode.Disposable {
  private engine: Promise<DockerEngine> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('harden.dockerHost')) this.engine = undefined;
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.engine = undefined;
      }),
    ];
  }

  /** The environment core resolves the engine (and the tracer) from. */
  environment(): NodeJS.ProcessEnv {
    const host = trustedDockerHost();
    return host ? { ...process.env, DOCKER_HOST: host } : { ...process.env };
  }

  connect(): Promise<DockerEngine> {
    if (!vscode.workspace.isTrusted) {
      return Promise.reject(new HardenError('usage', 'the workspace is not trusted, so Harden does not talk to Docker'));
    }
    if (!this.engine) {
      const fromSetting = trustedDockerHost() !== undefined;
      const pending = engineModules()
        .then(({ connectEngine }) => connectEngine(this.environment()))
        .catch((error: unknown) => {
          // The setting reaches core as DOCKER_HOST; the message should name what the user set.
          if (fromSetting && error instanceof Error) error.message = error.message.replace('(from DOCKER_HOST)', '(from harden.dockerHost)');
          throw error;
        })
        .then((engine) => {
          this.log.info(`connected to the Docker Engine at ${engine.endpoint.host} (from ${engine.endpoint.source})`);
          return engine;
        });
      pending.catch(() => {
        if (this.engine === pending) this.engine = undefined;
      });
      this.engine = pending;
    }
    return this.engine;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

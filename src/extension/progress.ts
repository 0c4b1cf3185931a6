import * as vscode from 'vscode';
import { HardenError } from '../core/errors';

export interface ProgressWork {
  /** Aborted by the notification's Cancel; core then stops and removes what it started. */
  signal: AbortSignal;
  report(message: string): void;
}

/**
 * Runs long work under a notification whose Cancel aborts it. The notification stays until the
 * work has settled, so it is still there while a cancelled run removes its containers.
 */
export function withCancellableProgress<T>(title: string, work: (progress: ProgressWork) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    const cancelled = token.onCancellationRequested(() => {
      progress.report({ message: 'cancelling: stopping and removing the container…' });
      controller.abort(new HardenError('interrupted', 'cancelled'));
    });
    return work({ signal: controller.signal, report: (message) => progress.report({ message }) }).finally(() => cancelled.dispose());
  });
}

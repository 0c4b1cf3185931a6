import * as vscode from 'vscode';
import { HardenError } from '../core/errors';

export interface ProgressWork {
  /** Aborted by the notification's Cancel (or the window closing); core then stops and removes what it started. */
  signal: AbortSignal;
  report(message: string): void;
}

/** Work in flight, so closing the window can stop it instead of leaving its containers behind. */
const running = new Set<{ controller: AbortController; settled: Promise<unknown> }>();

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
    const settled = work({ signal: controller.signal, report: (message) => progress.report({ message }) });
    const entry = { controller, settled: settled.catch(() => undefined) };
    running.add(entry);
    return settled.finally(() => {
      running.delete(entry);
      cancelled.dispose();
    });
  });
}

/** Aborts every run in flight and waits until each has cleaned up (deactivate). */
export async function abortRunningWork(): Promise<void> {
  const entries = [...running];
  for (const entry of entries) entry.controller.abort(new HardenError('interrupted', 'the window was closed'));
  await Promise.all(entries.map((entry) => entry.settled));
}

import * as vscode from 'vscode';
import type { SurveyedPort } from '../core/profile/portSurvey';
import type { ProfileSettings } from '../core/profile/profileSettings';
import type { ProbeSpec } from '../core/manifest/manifestTypes';
import { describeProbe, parseProbe } from '../core/run/probes';

/** What the flow knows about the image besides the settings. */
export interface ProfileSettingsContext {
  /** The image's exposed TCP ports (none for a worker); undefined while the image is not on the engine (to be built or pulled). */
  exposedPorts: number[] | undefined;
  /** What each port answered while the image ran plainly in the background; settles once. */
  survey?: Promise<SurveyedPort[]>;
  /** The top row's label: "Profile" before a profile, "Save" when editing a profiled image's settings. */
  acceptLabel: string;
}

type Field = 'accept' | 'probes' | 'duration' | 'command' | 'env' | 'user';

interface FieldItem extends vscode.QuickPickItem {
  field: Field;
}

/**
 * "Profile settings for IMAGE": one row per setting showing its value, each opening its editor,
 * and the accept row on top. An image with no exposed port starts on the duration row, and is
 * asked for a duration rather than profiled with nothing to wait for. Undefined when closed.
 */
export async function askProfileSettings(initial: ProfileSettings, context: ProfileSettingsContext): Promise<ProfileSettings | undefined> {
  let settings: ProfileSettings = { ...initial, probes: [...initial.probes], env: [...initial.env] };
  let surveyed: SurveyedPort[] | undefined;
  let surveyError: string | undefined;
  context.survey?.then(
    (ports) => (surveyed = ports),
    (error: unknown) => (surveyError = error instanceof Error ? error.message : String(error)),
  );
  const noPorts = context.exposedPorts?.length === 0;
  let active: Field = noPorts && settings.probes.length === 0 && settings.durationSeconds === undefined ? 'duration' : 'accept';
  for (;;) {
    const field = await pickField(settings, context, active);
    if (!field) return undefined;
    active = field;
    if (field === 'accept') {
      if (settings.probes.length > 0 || settings.durationSeconds !== undefined || !noPorts) return settings;
      // Nothing to wait for: ask for the one thing that makes the profile possible.
      const seconds = await askDuration(settings, `${settings.reference} exposes no ports, so there is nothing to probe: how many seconds should Harden watch it run?`);
      if (seconds === undefined || seconds === null) continue;
      return { ...settings, durationSeconds: seconds };
    }
    const edited = await editField(field, settings, context, () => ({ surveyed, surveyError }));
    if (edited) settings = edited;
  }
}

function pickField(settings: ProfileSettings, context: ProfileSettingsContext, active: Field): Promise<Field | undefined> {
  const ports = context.exposedPorts;
  const noPorts = ports?.length === 0;
  const probes =
    settings.durationSeconds !== undefined
      ? 'none: observed for a duration'
      : settings.probes.length > 0
        ? settings.probes.map(describeProbe).join(', ')
        : noPorts
          ? 'none (the image exposes no ports)'
          : `default: ${ports ? ports.join(', ') : 'each exposed port'} over HTTP when it answers HTTP, else TCP`;
  const items: FieldItem[] = [
    { field: 'accept', label: `$(play) ${context.acceptLabel}`, description: 'with these settings' },
    { field: 'probes', label: 'Probes', description: probes, detail: 'How Harden knows the app is up: tcp:PORT, http:PORT/PATH, exec:CMD' },
    {
      field: 'duration',
      label: 'Duration',
      description: settings.durationSeconds !== undefined ? `${settings.durationSeconds} s` : 'none: wait for the probes',
      detail: noPorts ? 'The image exposes no ports: watch it run for this many seconds (a worker, a batch job)' : 'Watch the app for a fixed time instead of waiting for probes',
    },
    { field: 'command', label: 'Command', description: commandText(settings) },
    { field: 'env', label: 'Environment', description: settings.env.length > 0 ? settings.env.join(' ') : "the image's" },
    { field: 'user', label: 'User', description: settings.user === undefined ? "the image's" : settings.user === '' ? 'root' : settings.user },
  ];
  const pick = vscode.window.createQuickPick<FieldItem>();
  pick.title = `Profile settings for ${settings.reference}`;
  pick.placeholder = 'Pick a setting to change it, or the first row to go on';
  pick.items = items;
  pick.activeItems = items.filter((item) => item.field === active);
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.field);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

function commandText(settings: ProfileSettings): string {
  if (!settings.entrypoint && !settings.cmd) return "the image's";
  const parts = [];
  if (settings.entrypoint) parts.push(`entrypoint ${settings.entrypoint.join(' ')}`);
  if (settings.cmd) parts.push(`cmd ${settings.cmd.join(' ')}`);
  return parts.join(' · ');
}

async function editField(
  field: Exclude<Field, 'accept'>,
  settings: ProfileSettings,
  context: ProfileSettingsContext,
  survey: () => { surveyed?: SurveyedPort[]; surveyError?: string },
): Promise<ProfileSettings | undefined> {
  switch (field) {
    case 'probes': {
      const probes = await pickProbes(settings, context, survey);
      if (!probes) return undefined;
      const { durationSeconds: _dropped, ...rest } = settings;
      return probes.length > 0 ? { ...rest, probes } : { ...settings, probes };
    }
    case 'duration': {
      const seconds = await askDuration(settings, 'Seconds to watch the app run instead of waiting for probes (empty: wait for the probes)', true);
      if (seconds === undefined) return undefined;
      if (seconds === null) {
        const { durationSeconds: _dropped, ...rest } = settings;
        return rest;
      }
      return { ...settings, durationSeconds: seconds };
    }
    case 'command': {
      const entrypoint = await askWords('Entrypoint (words separated by spaces; empty: the image\'s)', settings.entrypoint);
      if (entrypoint === undefined) return undefined;
      const cmd = await askWords('Command arguments (words separated by spaces; empty: the image\'s)', settings.cmd);
      if (cmd === undefined) return undefined;
      const { entrypoint: _e, cmd: _c, ...rest } = settings;
      return { ...rest, ...(entrypoint ? { entrypoint } : {}), ...(cmd ? { cmd } : {}) };
    }
    case 'env': {
      const text = await vscode.window.showInputBox({
        title: `Environment for ${settings.reference}`,
        prompt: 'KEY=VALUE pairs separated by spaces, added to the image\'s environment (empty: none)',
        value: settings.env.join(' '),
        validateInput: (value) => {
          const bad = value.split(' ').filter(Boolean).find((pair) => !/^[^=]+=/.test(pair));
          return bad === undefined ? undefined : `"${bad}" is not KEY=VALUE.`;
        },
      });
      return text === undefined ? undefined : { ...settings, env: text.split(' ').filter(Boolean) };
    }
    case 'user': {
      const text = await vscode.window.showInputBox({
        title: `User for ${settings.reference}`,
        prompt: 'A user name or uid[:gid] from the image (empty: the image\'s own user)',
        value: settings.user ?? '',
        validateInput: (value) => (/\s/.test(value.trim()) ? 'A user has no spaces.' : undefined),
      });
      if (text === undefined) return undefined;
      const { user: _dropped, ...rest } = settings;
      return text.trim() === '' ? rest : { ...rest, user: text.trim() };
    }
  }
}

/** Seconds, or null for "none" when `allowNone`; undefined when dismissed. */
async function askDuration(settings: ProfileSettings, prompt: string, allowNone = false): Promise<number | null | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Duration for ${settings.reference}`,
    prompt,
    value: settings.durationSeconds !== undefined ? String(settings.durationSeconds) : allowNone ? '' : '10',
    validateInput: (value) => (value.trim() === '' && allowNone) || /^\d+(\.\d+)?$/.test(value.trim()) && Number(value) > 0 ? undefined : 'A number of seconds above 0.',
  });
  if (text === undefined) return undefined;
  return text.trim() === '' ? null : Number(text.trim());
}

async function askWords(prompt: string, current: string[] | undefined): Promise<string[] | null | undefined> {
  const text = await vscode.window.showInputBox({ prompt, value: current?.join(' ') ?? '' });
  if (text === undefined) return undefined;
  const words = text.split(' ').filter(Boolean);
  return words.length > 0 ? words : null;
}

interface ProbeItem extends vscode.QuickPickItem {
  probe: ProbeSpec;
}

/**
 * Probes to wait for: HTTP and TCP per exposed port (marked with what the port answered while the
 * image ran in the background), the custom probes already set, and one typed in the box
 * (`http:8080/healthz`, `exec:/app/check`). None picked: the default (HTTP when it answers, else TCP).
 */
function pickProbes(
  settings: ProfileSettings,
  context: ProfileSettingsContext,
  survey: () => { surveyed?: SurveyedPort[]; surveyError?: string },
): Promise<ProbeSpec[] | undefined> {
  const pick = vscode.window.createQuickPick<ProbeItem>();
  pick.title = `Probes for ${settings.reference}`;
  pick.canSelectMany = true;
  pick.placeholder = 'Check the probes to wait for, or type one (tcp:PORT, http:PORT/PATH, exec:CMD ARG…); none: the default';
  // The labels checked, kept across refreshes (typing, the background check finishing).
  const selected = new Set(settings.probes.map(describeProbe));
  let typed: ProbeItem | undefined;
  const suggestions = (): ProbeItem[] => {
    const { surveyed, surveyError } = survey();
    const items: ProbeItem[] = [];
    for (const port of context.exposedPorts ?? []) {
      const answer = surveyed?.find((entry) => entry.port === port);
      const answersHttp = answer?.probe.kind === 'http';
      const state = answer ? (answersHttp ? `answers HTTP (${/\((\d{3}) at \/\)/.exec(answer.detail)?.[1] ?? '2xx'} at /)` : 'TCP only') : surveyError ? `not checked: ${surveyError}` : 'checking…';
      items.push(
        { label: `http:${port}/`, description: `HTTP GET / on port ${port}: the app's request handlers run · ${state}`, probe: { kind: 'http', port, path: '/' } },
        { label: `tcp:${port}`, description: `a TCP connection to port ${port} · ${answer ? (answersHttp ? 'the port answers HTTP too' : 'TCP only') : state}`, probe: { kind: 'tcp', port } },
      );
    }
    for (const probe of settings.probes) {
      if (!items.some((item) => item.label === describeProbe(probe))) items.push({ label: describeProbe(probe), description: 'set earlier', probe });
    }
    return typed && !items.some((item) => item.label === typed?.label) ? [typed, ...items] : items;
  };
  const refresh = (): void => {
    const checked = new Set(selected);
    pick.items = suggestions();
    pick.selectedItems = pick.items.filter((item) => checked.has(item.label));
  };
  refresh();
  pick.onDidChangeSelection((items) => {
    selected.clear();
    for (const item of items) selected.add(item.label);
  });
  pick.onDidChangeValue((value) => {
    typed = undefined;
    try {
      const probe = parseProbe(value.trim());
      typed = { label: describeProbe(probe), description: 'typed', probe, alwaysShow: true };
    } catch {
      // Not a probe (yet): nothing to add.
    }
    refresh();
  });
  const busy = !survey().surveyed && !survey().surveyError && context.survey;
  if (busy) {
    pick.busy = true;
    void context.survey?.finally(() => {
      pick.busy = false;
      refresh();
    });
  }
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const probes = pick.selectedItems.map((item) => item.probe);
      if (typed && !probes.some((probe) => describeProbe(probe) === typed?.label)) probes.push(typed.probe);
      resolve(probes);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

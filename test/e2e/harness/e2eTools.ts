import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where scripts/ensure-e2e.sh put the programs the suite runs (it writes them to e2e.env). */
export interface E2eTools {
  /** Node 24, which code-server needs (the suite itself runs on the machine's Node). */
  node: string;
  /** code-server's entry script (`out/node/entry.js`), run with `node`. */
  codeServer: string;
  /** Debian's Chromium binary, driven by playwright-core. */
  chromium: string;
}

export function e2eEnvFile(): string {
  const cache = process.env.HARDEN_CACHE || join(homedir(), '.cache', 'harden');
  return join(cache, 'e2e', 'e2e.env');
}

export function loadE2eTools(envFile = e2eEnvFile()): E2eTools {
  if (!existsSync(envFile)) {
    throw new Error(`${envFile} is missing: run scripts/ensure-e2e.sh first`);
  }
  const values = new Map<string, string>();
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const match = /^(\w+)=(.*)$/.exec(line.trim());
    if (match) {
      values.set(match[1], match[2]);
    }
  }
  const tools: E2eTools = {
    node: required(values, 'HARDEN_E2E_NODE', envFile),
    codeServer: required(values, 'HARDEN_E2E_CODE_SERVER', envFile),
    chromium: required(values, 'HARDEN_E2E_CHROMIUM', envFile),
  };
  for (const [name, path] of Object.entries(tools)) {
    if (!existsSync(path)) {
      throw new Error(`${name} ${path} (from ${envFile}) is missing: run scripts/ensure-e2e.sh again`);
    }
  }
  return tools;
}

function required(values: Map<string, string>, key: string, envFile: string): string {
  const value = values.get(key);
  if (!value) {
    throw new Error(`${envFile} has no ${key}: run scripts/ensure-e2e.sh again`);
  }
  return value;
}

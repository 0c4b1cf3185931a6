import { Arg, Env, type Instruction } from 'dockerfile-ast';
import type { Rule, RuleReport } from '../rule';

const secretWords = new Set(['password', 'passwd', 'pword', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials', 'passphrase']);
const secretPairs = [['api', 'key'], ['private', 'key'], ['access', 'key'], ['secret', 'key'], ['client', 'secret'], ['auth', 'token']];
const referenceSuffixes = new Set(['file', 'path', 'dir', 'url', 'endpoint', 'type', 'name', 'mode', 'enabled', 'length', 'header', 'id']);

/** HX018: build args and env values are readable by anyone with the image or its history. */
export const secretNames: Rule = {
  id: 'HX018',
  name: 'secret-in-env-arg',
  summary: 'ENV or ARG named like a secret (password, token, key…)',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  related: { hadolint: ['DL3064'], trivy: ['DS-0031'], buildkit: ['SecretsUsedInArgOrEnv'] },
  check(context) {
    const reports: RuleReport[] = [];
    for (const instruction of [...context.instructions('ENV'), ...context.instructions('ARG')]) {
      if (!(instruction instanceof Env) && !(instruction instanceof Arg)) continue;
      for (const property of context.properties(instruction)) {
        if (!looksSecret(property.getName())) continue;
        reports.push(context.report(instruction as Instruction, property.getNameRange(), secretMessage(context.keyword(instruction), property.getName())));
      }
    }
    return reports;
  },
};

export function looksSecret(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\-.]+/)
    .filter(Boolean);
  const last = words[words.length - 1] ?? '';
  if (referenceSuffixes.has(last) || words.includes('public') || words.includes('gpg')) return false;
  if (words.some((word) => secretWords.has(word))) return true;
  return secretPairs.some(([first, second]) => words.some((word, index) => word === first && words[index + 1] === second));
}

function secretMessage(keyword: string, name: string): string {
  return `${keyword} ${name} looks like a secret, and ${keyword} values stay in the image metadata and build history: pass it with \`RUN --mount=type=secret,id=${name.toLowerCase()}\` instead`;
}

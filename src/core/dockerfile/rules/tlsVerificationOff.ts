import { Arg, Env, type Instruction } from 'dockerfile-ast';
import type { Fix } from '../finding';
import type { Rule, RuleReport } from '../rule';
import type { RuleContext } from '../ruleContext';
import type { ShellToken } from '../shellWords';
import { programCalls } from './packageCommands';

/** Flags that turn verification off, by program; each can simply be removed. */
const removableFlags: Record<string, readonly string[]> = {
  curl: ['--insecure', '-k'],
  wget: ['--no-check-certificate'],
  apk: ['--allow-untrusted'],
  'apt-get': ['--allow-unauthenticated', '--allow-insecure-repositories', '--force-yes', '--allow-downgrades'],
  apt: ['--allow-unauthenticated', '--allow-insecure-repositories', '--force-yes'],
  yum: ['--nogpgcheck'],
  dnf: ['--nogpgcheck'],
  microdnf: ['--nogpgcheck'],
  tdnf: ['--nogpgcheck'],
  zypper: ['--no-gpg-checks'],
  rpm: ['--nosignature', '--nodigest', '--nogpg'],
  pip: ['--trusted-host'],
  pip3: ['--trusted-host'],
};
const curlShortFlagsWithoutValue = new Set([...'fsSLvilIOqRgGjJNnpZ#0123456']);
/** `NAME=value` that turns TLS verification off, in ENV, ARG or a RUN command. */
const insecureAssignments: Record<string, RegExp> = {
  NODE_TLS_REJECT_UNAUTHORIZED: /^0$/,
  GIT_SSL_NO_VERIFY: /^(1|true|yes)$/i,
  PYTHONHTTPSVERIFY: /^0$/,
  NPM_CONFIG_STRICT_SSL: /^(false|0)$/i,
};
const insecureConfig = /^(strict-ssl|http\.sslverify|sslverify)(=(false|0|no))?$/i;

/** HX022: downloads without TLS or signature checks accept whatever a network attacker sends. */
export const tlsVerificationOff: Rule = {
  id: 'HX022',
  name: 'tls-verification-off',
  summary: 'TLS or signature verification turned off (`curl -k`, `--no-check-certificate`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, …)',
  defaultSeverity: 'error',
  enabledByDefault: true,
  related: { checkov: ['CKV2_DOCKER_2', 'CKV2_DOCKER_3', 'CKV2_DOCKER_4', 'CKV2_DOCKER_5', 'CKV2_DOCKER_6', 'CKV2_DOCKER_7', 'CKV2_DOCKER_8', 'CKV2_DOCKER_9', 'CKV2_DOCKER_10', 'CKV2_DOCKER_11', 'CKV2_DOCKER_12', 'CKV2_DOCKER_13', 'CKV2_DOCKER_14', 'CKV2_DOCKER_15'] },
  check(context) {
    return [...flagReports(context), ...configReports(context), ...assignmentReports(context)];
  },
};

function flagReports(context: RuleContext): RuleReport[] {
  const reports: RuleReport[] = [];
  for (const call of programCalls(context, context.instructions('RUN'), new Set(Object.keys(removableFlags)))) {
    const flags = removableFlags[call.name] ?? [];
    call.args.forEach((arg, index) => {
      const flag = flags.find((name) => arg.value === name || (name.startsWith('--') && arg.value.startsWith(`${name}=`)));
      if (flag) {
        const fix = removeWordFix(context, [call.program, ...call.args], index + 1, `Remove ${flag}`);
        reports.push(context.reportOffsets(call.run, arg.start, arg.end, insecureMessage(`${call.name} ${flag}`), fix ? [fix] : []));
      } else if (call.name === 'curl' && /^-[^-]/.test(arg.value) && arg.value.includes('k') && !arg.quoted) {
        const letters = arg.value.slice(1);
        const position = letters.indexOf('k');
        if (![...letters.slice(0, position)].every((letter) => curlShortFlagsWithoutValue.has(letter))) return;
        const offset = arg.start + 1 + position;
        const fix: Fix = { title: 'Remove -k', safe: false, edits: [context.edit(offset, offset + 1, '')] };
        reports.push(context.reportOffsets(call.run, offset, offset + 1, insecureMessage('curl -k'), [fix]));
      }
    });
  }
  return reports;
}

/** `npm config set strict-ssl false`, `git config --global http.sslVerify false`, `git -c http.sslVerify=false`. */
function configReports(context: RuleContext): RuleReport[] {
  const reports: RuleReport[] = [];
  for (const call of programCalls(context, context.instructions('RUN'), new Set(['npm', 'yarn', 'pnpm', 'git']))) {
    call.args.forEach((arg, index) => {
      const match = insecureConfig.exec(arg.value);
      if (!match) return;
      const value = match[3] ?? call.args[index + 1]?.value ?? '';
      if (!/^(false|0|no)$/i.test(value)) return;
      reports.push(context.reportOffsets(call.run, arg.start, call.args[index + (match[3] ? 0 : 1)]?.end ?? arg.end, insecureMessage(`${call.name} ${match[1]} ${value}`)));
    });
  }
  return reports;
}

function assignmentReports(context: RuleContext): RuleReport[] {
  const reports: RuleReport[] = [];
  for (const instruction of [...context.instructions('ENV'), ...context.instructions('ARG'), ...context.instructions('RUN')]) {
    if (instruction instanceof Env || instruction instanceof Arg) {
      for (const property of context.properties(instruction)) {
        const pattern = insecureAssignments[property.getName()];
        const value = property.getValue();
        if (pattern && value !== null && pattern.test(value)) {
          reports.push(context.report(instruction as Instruction, property.getRange(), insecureMessage(`${property.getName()}=${value}`)));
        }
      }
    } else {
      for (const command of context.shellCommands(instruction)) {
        for (const word of command.words) {
          const equals = word.value.indexOf('=');
          if (equals <= 0) continue;
          const pattern = insecureAssignments[word.value.slice(0, equals)];
          if (pattern?.test(word.value.slice(equals + 1))) reports.push(context.reportOffsets(instruction, word.start, word.end, insecureMessage(word.value)));
        }
      }
    }
  }
  return reports;
}

/** Removes one word and the blank before it, when both are on one line. */
function removeWordFix(context: RuleContext, words: readonly ShellToken[], index: number, title: string): Fix | undefined {
  const word = words[index];
  const previous = words[index - 1];
  if (!word || !previous) return undefined;
  // `--trusted-host example.org` takes a value: remove it as well.
  const valueWord = word.value === '--trusted-host' ? words[index + 1] : undefined;
  const end = valueWord?.end ?? word.end;
  const between = context.text.content.slice(previous.end, word.start);
  if (!/^[ \t]+$/.test(between) || (valueWord && !/^[ \t]+$/.test(context.text.content.slice(word.end, valueWord.start)))) return undefined;
  return { title, safe: false, edits: [context.edit(previous.end, end, '')] };
}

function insecureMessage(what: string): string {
  return `\`${what}\` turns off TLS or signature verification, so a network attacker can change what goes into the image: remove it (and add the CA certificate the build needs)`;
}

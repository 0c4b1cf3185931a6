import { readFileSync, statSync } from 'node:fs';
import type { ComposeField } from './composeFields';
import { hostPath, type ProjectPaths } from './projectPaths';

/**
 * `security_opt:` as the Engine takes it. A seccomp profile given as a file is read, relative to
 * the Compose file's folder, and sent as its JSON content — what Compose does, since the Engine
 * takes the profile itself, not a path.
 */
export function readSecurityOpt(value: unknown, field: ComposeField, project: ProjectPaths): string[] {
  return field.textList(value).map((option, index) => {
    const seccomp = /^seccomp[=:](.*)$/.exec(option);
    if (!seccomp || seccomp[1] === 'unconfined' || seccomp[1] === 'builtin') return option;
    return `seccomp=${seccompProfile(seccomp[1], field.child(index), project)}`;
  });
}

function seccompProfile(path: string, field: ComposeField, project: ProjectPaths): string {
  const file = hostPath(path, project);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    field.fail(`names the seccomp profile ${path}, which does not exist (${file})`);
  }
  if (!isFile) field.fail(`names the seccomp profile ${path}, which is not a regular file`);
  try {
    return JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return field.fail(`names the seccomp profile ${path}, which is not JSON`);
  }
}

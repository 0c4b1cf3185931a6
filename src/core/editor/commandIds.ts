/** Every command the extension contributes; package.json and the command registry both follow this list. */
export const COMMAND_IDS = [
  'harden.profileImage',
  'harden.previewHardening',
  'harden.verify',
  'harden.apply',
  'harden.buildProductionImage',
  'harden.reprofile',
  'harden.lintDockerfile',
  'harden.refreshManifests',
  'harden.showLog',
  'harden.revealInExplorer',
  'harden.editProfileSettings',
  'harden.fixVerifyProblem',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Commands that start containers: refused in an untrusted workspace. */
export const CONTAINER_COMMANDS: ReadonlySet<CommandId> = new Set<CommandId>(['harden.profileImage', 'harden.verify', 'harden.reprofile', 'harden.buildProductionImage', 'harden.editProfileSettings', 'harden.fixVerifyProblem']);

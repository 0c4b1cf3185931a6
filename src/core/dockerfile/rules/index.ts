import type { Rule } from '../rule';
import { addLocalFiles } from './addLocalFiles';
import { addUrlWithoutChecksum } from './addUrlWithoutChecksum';
import { apkCache } from './apkCache';
import { aptInstallRecommends } from './aptInstallRecommends';
import { aptInsteadOfAptGet } from './aptInsteadOfAptGet';
import { aptListsLeft } from './aptListsLeft';
import { duplicateRuntimeInstructions } from './duplicateRuntimeInstructions';
import { exposeSsh } from './exposeSsh';
import { fullDistributionFinal } from './fullDistributionFinal';
import { healthcheckShell } from './healthcheckShell';
import { installWithoutYes } from './installWithoutYes';
import { nonNumericUser } from './nonNumericUser';
import { packageUpgrade } from './packageUpgrade';
import { pipCache } from './pipCache';
import { pipeToShell } from './pipeToShell';
import { relativeWorkdir } from './relativeWorkdir';
import { rootUser } from './rootUser';
import { rpmCacheLeft } from './rpmCacheLeft';
import { secretNames } from './secretNames';
import { shellAtRuntime } from './shellAtRuntime';
import { shellFormCommand } from './shellFormCommand';
import { sudo } from './sudo';
import { tlsVerificationOff } from './tlsVerificationOff';
import { unpinnedBase } from './unpinnedBase';
import { useraddLastlog } from './useraddLastlog';
import { worldWritable } from './worldWritable';

/** Every rule, in id order. Ids are stable: a retired rule's id is never given to another. */
export const allRules: readonly Rule[] = [
  shellFormCommand,
  shellAtRuntime,
  healthcheckShell,
  rootUser,
  nonNumericUser,
  aptListsLeft,
  aptInstallRecommends,
  installWithoutYes,
  apkCache,
  pipCache,
  rpmCacheLeft,
  fullDistributionFinal,
  addLocalFiles,
  addUrlWithoutChecksum,
  pipeToShell,
  sudo,
  worldWritable,
  secretNames,
  exposeSsh,
  relativeWorkdir,
  packageUpgrade,
  tlsVerificationOff,
  unpinnedBase,
  duplicateRuntimeInstructions,
  useraddLastlog,
  aptInsteadOfAptGet,
];

export const ruleIds: ReadonlySet<string> = new Set(allRules.map((rule) => rule.id));

export function ruleById(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}

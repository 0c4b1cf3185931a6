import type { InitConfig } from '../init/initConfig';
import { readInitConfig } from '../init/initConfigReader';
import type { HardeningManifest } from '../manifest/manifestTypes';
import { PRODUCTION_COMPOSE_FILE, PRODUCTION_MANIFEST_FILE } from '../minify/productionFiles';
import { PRODUCTION_DOCKERFILE } from '../minify/productionDockerfile';
import type { InitConfigurationView, ProductionImageView } from '../../protocol/previewProtocol';
import { isVerifyResult, parseVerifyResult, toVerifyResultView } from './verifyResultView';
import { defaultProductionTag } from '../minify/productionTag';

/** What the profile folder holds of a production build, as read from disk (texts, not trusted). */
export interface ProductionOutput {
  /** Files below the profile folder, relative (ManifestEntry.files). */
  files: readonly string[];
  /** prod/init.conf. */
  initConf?: string;
  /** verify-result.prod.json. */
  verifyText?: string;
  /** manifest.prod.yaml, when it could be read: its generator.createdAt is the profile it was built from. */
  productionManifest?: HardeningManifest;
}

const PRODUCTION_FILES = [PRODUCTION_DOCKERFILE, PRODUCTION_COMPOSE_FILE, PRODUCTION_MANIFEST_FILE];

/**
 * The preview's "Production image" section of a manifest. Shown as built only when manifest.yaml
 * records the production image, its files are beside it and were made from this very profile
 * (manifest.prod.yaml carries the profile's creation time); shown as verified only when
 * verify-result.prod.json is of that image and passed. Anything else is stale or not built.
 */
export function toProductionView(manifest: HardeningManifest, output: ProductionOutput): ProductionImageView {
  const wouldDo = `Builds ${defaultProductionTag(manifest.image.reference)} (you can name it): only the files the profile saw the app use, harden-init doing what the start-up did, no shell; then verifies it under compose.prod.yaml.`;
  const present = PRODUCTION_FILES.filter((file) => output.files.includes(file));
  const production = manifest.production;
  const builtFrom = output.productionManifest?.generator.createdAt;
  if (!production) {
    if (present.length === 0) return { wouldDo };
    const files = `${present.join(', ')} beside this manifest`;
    // The same profile time without a recorded image: minify wrote its build context and stopped (cancelled, failed).
    if (builtFrom === undefined || builtFrom === manifest.generator.createdAt) return { wouldDo, stale: `${files} ${present.length === 1 ? 'is' : 'are'} from a build that did not finish; build the production image again.` };
    return { wouldDo, stale: `${files} ${present.length === 1 ? 'was' : 'were'} built from an earlier profile (of ${builtFrom}), not from this one (of ${manifest.generator.createdAt}); build the production image again.` };
  }
  if (builtFrom !== undefined && builtFrom !== manifest.generator.createdAt) {
    return { wouldDo, stale: `${production.tag} was built from the profile of ${builtFrom}, this manifest is of ${manifest.generator.createdAt}; build the production image again.` };
  }
  const missing = PRODUCTION_FILES.filter((file) => !present.includes(file));
  if (missing.length > 0) return { wouldDo, stale: `manifest.yaml records ${production.tag}, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} gone from beside it; build the production image again.` };

  const init = output.initConf === undefined ? { error: 'prod/init.conf is missing.' } : readInitConfig(output.initConf);
  const verified = output.verifyText === undefined ? undefined : parseVerifyResult(output.verifyText);
  const verifiedImage = output.verifyText === undefined ? undefined : imageOf(output.verifyText);
  return {
    wouldDo,
    built: {
      tag: production.tag,
      id: production.id,
      sizeBytes: { ...production.sizeBytes },
      files: { ...production.files },
      packages: { ...production.packages },
      componentsRemoved: [...production.componentsRemoved],
      componentsKept: [...production.componentsKept],
      keptForVerify: production.keptForVerify.map((entry) => ({ ...entry })),
      ...('error' in init ? { initError: init.error } : { init: toInitConfigurationView(init) }),
      notCarriedOver: [...production.notCarriedOver],
      // A result of another image (an older tag, a hand-edited file) says nothing about this one.
      ...(verified && isVerifyResult(verified) && verifiedImage === production.tag
        ? { verify: { ...toVerifyResultView(verified, output.productionManifest ?? manifest), rounds: production.verification.rounds.length } }
        : {}),
    },
  };
}

export function toInitConfigurationView(config: InitConfig): InitConfigurationView {
  const { user } = config;
  return {
    ...(user ? { userDrop: `${user.uid}:${user.gid}${user.groups ? ` (groups ${user.groups.join(',')})` : ''}` } : {}),
    required: [...(config.require ?? [])],
    environment: (config.environment ?? []).map((step) => (step.kind === 'unset' ? `unset ${step.name}` : step.kind === 'default' ? `${step.name}=${step.value} (default)` : `${step.name}=${step.value}`)),
    steps: (config.steps ?? []).filter((step) => step.kind !== 'seed').map((step) => {
      switch (step.kind) {
        case 'mkdir':
          return `mkdir ${step.path} mode ${octal(step.mode)} owner ${step.uid}:${step.gid}`;
        case 'chown':
          return `chown ${step.path} to ${step.uid}:${step.gid}`;
        case 'chmod':
          return `chmod ${step.path} to ${octal(step.mode)}`;
        default:
          return '';
      }
    }),
    seeds: (config.steps ?? []).flatMap((step) => (step.kind === 'seed' ? [`${step.target} ← ${step.source} (when empty)`] : [])),
    exec: [...config.exec],
    appIsPid1: config.appIsPid1 === true,
  };
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

function imageOf(verifyText: string): string | undefined {
  try {
    const image = (JSON.parse(verifyText) as { image?: unknown }).image;
    return typeof image === 'string' ? image : undefined;
  } catch {
    return undefined;
  }
}

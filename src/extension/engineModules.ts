/**
 * The Docker-facing parts of core (dockerode and its transports, profiling, verifying) live in a
 * bundle of their own, dist/engine.js, loaded on first use: they are two thirds of the code, and
 * most sessions only lint Dockerfiles or read manifests. Other files import their types only.
 *
 * The two bundles each have their own copy of core's classes, so errors coming from here are
 * recognised by shape (name and kind), not with instanceof.
 */
export type EngineModules = typeof import('./engineExports.js');

/** Built from engineExports.ts by scripts/build.mjs, next to dist/extension.js. */
const ENGINE_BUNDLE = './engine.js';

let loading: Promise<EngineModules> | undefined;

export function engineModules(): Promise<EngineModules> {
  loading ??= new Promise((resolve) => resolve(require(ENGINE_BUNDLE) as EngineModules));
  return loading;
}

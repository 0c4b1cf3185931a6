// The entry of dist/engine.js, loaded by engineModules.ts on first use; never import it statically.
export { connectEngine } from '../core/docker/dockerEngine';
export { buildDockerfile, listLocalImages } from '../core/editor/localImages';
export { initBinaryPath } from '../core/init/initBinary';
export { minifyImage } from '../core/minify/minifyImage';
export { profileImage } from '../core/profile/profileImage';
export { verifyAndRefine } from '../core/refine/verifyAndRefine';
export { verifyConfiguration } from '../core/verify/verifyConfiguration';
export { ImageIndexCache } from '../core/image/imageIndexCache';
export { surveyExposedPorts } from '../core/profile/portSurvey';
export { exposedTcpPorts } from '../core/profile/profileImage';

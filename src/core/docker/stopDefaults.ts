/**
 * What `docker stop` does when neither the image (STOPSIGNAL, StopTimeout) nor the Compose service
 * (stop_signal, stop_grace_period) says otherwise. Profile, manifest and verify all fall back to these.
 */
export const DEFAULT_STOP_SIGNAL = 'SIGTERM';
export const DEFAULT_STOP_TIMEOUT_SECONDS = 10;

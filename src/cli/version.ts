/** The version harden reports; kept in step with package.json by the unit tests. */
export const HARDEN_VERSION = '0.1.0';

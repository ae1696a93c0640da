/**
 * The release version, printed by `l4gw version` and logged at start.
 *
 * @module
 */

/** The version of this build (semantic versioning). */
export const VERSION = "0.1.0";

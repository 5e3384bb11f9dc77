import { version } from "../package.json";

/**
 * The project's release version: shared's own package.json, which is kept equal to the repository's (a test checks
 * it). Shared's, not the root's, so a connector built outside this repository (a Deploy button's copy, with this
 * package installed from npm) reports the same version.
 */
export const PROJECT_VERSION: string = version;

/** The `/health` payload every worker serves. */
export function healthData(name: string): { name: string; version: string; ok: true } {
  return { name, version: PROJECT_VERSION, ok: true };
}

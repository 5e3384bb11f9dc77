import { version } from "../../package.json";

/** The project's release version, one source of truth: the root package.json. */
export const PROJECT_VERSION: string = version;

/** The `/health` payload every worker serves. */
export function healthData(name: string): { name: string; version: string; ok: true } {
  return { name, version: PROJECT_VERSION, ok: true };
}

import type { RegisterResult } from "./register-webhook.mjs";
export const LOCAL: { playground: string; baseUrl: string; email: string; password: string; url: string };
export function registerLocal(o?: { dryRun?: boolean; log?: (line: string) => void }): Promise<RegisterResult>;
export function registerFanout(o: {
  argv: string[];
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}): Promise<RegisterResult>;

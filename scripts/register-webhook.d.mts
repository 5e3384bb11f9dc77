export interface RegisterResult {
  action: "create" | "update" | "unchanged";
  id: string | null;
  url: string;
  events: string[];
  changes: string[];
  dryRun: boolean;
}
export const DEFAULT_API_BASE: string;
export class UsageError extends Error {}
export function registerWebhook(o: {
  baseUrl: string;
  email: string;
  password: string;
  url: string;
  events: string[];
  secret: string;
  dryRun?: boolean;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}): Promise<RegisterResult>;
export function ingestUrlOf(workerUrl: string): string;
type Option = (name: string) => string | undefined;
export function registerFromArgs(o: {
  argv: string[];
  env: Record<string, string | undefined>;
  secretVar: string;
  hint: string;
  ingestUrl: (option: Option) => string | undefined;
  events: (option: Option) => string[] | Promise<string[]>;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}): Promise<RegisterResult>;
export function runRegisterCommand(name: string, run: () => Promise<unknown>): Promise<void>;
export function alignSandboxClock(playgroundUrl: string, send?: typeof fetch): Promise<string | null>;

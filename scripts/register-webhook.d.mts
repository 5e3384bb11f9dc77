export interface RegisterResult {
  action: "create" | "update" | "unchanged";
  id: string | null;
  url: string;
  events: string[];
  changes: string[];
  dryRun: boolean;
}
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
export function alignSandboxClock(playgroundUrl: string, send?: typeof fetch): Promise<string | null>;

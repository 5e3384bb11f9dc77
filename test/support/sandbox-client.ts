import { SELF } from "cloudflare:test";

/** Fixture credentials, derived here independently of the sandbox's own code (spec Appendix A). */
export async function fixtureKey(name: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`actuallycare-sandbox:${name}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const USERS = {
  maria: "maria.alvarez@example.com",
  jordan: "jordan.lee@example.com",
  sam: "sam.ortiz@example.com",
} as const;
export const PASSWORD = "Sandbox123";

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Raw body text, sent as is (for malformed-JSON tests). */
  rawBody?: string;
  key?: string;
  token?: string;
  ip?: string;
  headers?: Record<string, string>;
}

export interface ApiResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the playground worker (and so the sandbox) through its real fetch path. */
export async function call<T = any>(path: string, opts: CallOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers["X-API-Key"] = opts.key;
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.ip) headers["CF-Connecting-IP"] = opts.ip;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await SELF.fetch(`http://localhost:8787${path}`, { method: opts.method ?? "GET", headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the test sees the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export async function resetSandbox(): Promise<void> {
  const r = await call("/__sandbox/reset", { method: "POST" });
  if (r.status !== 200) throw new Error(`reset failed: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Logs a fixture user in; returns the login `data`. */
export async function login(
  email: string,
  ip = "10.9.9.9",
): Promise<{ accessToken: string; refreshToken: string; user: any }> {
  const r = await call("/v1/auth/login", { method: "POST", body: { email, password: PASSWORD }, ip });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data;
}

/** Asserts the documented error envelope and returns its `error`. */
export function expectError(r: ApiResult, status: number, code: string): any {
  if (r.status !== status || r.body?.success !== false || r.body?.error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.body)}`);
  }
  const e = r.body.error;
  if (
    typeof e.message !== "string" ||
    !/^ERR_\d+_[0-9a-z]{6}$/.test(e.errorId) ||
    !/^[0-9a-f-]{36}$/.test(e.correlationId)
  ) {
    throw new Error(`malformed error envelope: ${JSON.stringify(r.body)}`);
  }
  return e;
}

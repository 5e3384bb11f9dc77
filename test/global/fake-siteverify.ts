/**
 * The connector tests' network edge: Miniflare hands every outbound `fetch` of
 * the worker under test here (service bindings, like the sandbox's, do not
 * pass through). Only Turnstile's siteverify answers, emulating its documented
 * behaviour by token; anything else is refused, so no test reaches the internet.
 *
 * Tokens: `pass:<nonce>[:<action>[:<hostname>]]` verifies once (again only with
 * the same idempotency key, like the real endpoint); `fail:<nonce>` is refused;
 * `error:<nonce>` makes siteverify answer 500.
 */
export const TEST_TURNSTILE_SECRET = "test-turnstile-secret-0000000000";
const SITEVERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

const spent = new Map<string, string | null>();

export async function fakeNetworkEdge(request: Request): Promise<Response> {
  if (request.method !== "POST" || request.url !== SITEVERIFY) {
    return new Response(`tests have no network: ${request.method} ${request.url}`, { status: 502 });
  }
  const form = await request.formData();
  const token = String(form.get("response") ?? "");
  const key = form.get("idempotency_key") === null ? null : String(form.get("idempotency_key"));
  const refuse = (code: string) => Response.json({ success: false, "error-codes": [code] });
  if (form.get("secret") !== TEST_TURNSTILE_SECRET) return refuse("invalid-input-secret");
  const [kind, , action, hostname] = token.split(":");
  if (kind === "error") return new Response("upstream trouble", { status: 500 });
  if (kind !== "pass") return refuse("invalid-input-response");
  if (spent.has(token) && (key === null || spent.get(token) !== key)) return refuse("timeout-or-duplicate");
  spent.set(token, key);
  return Response.json({
    success: true,
    "error-codes": [],
    challenge_ts: new Date().toISOString(),
    hostname: hostname ?? "localhost",
    ...(action ? { action } : {}),
  });
}

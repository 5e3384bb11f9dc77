// The hostile inputs of `npm run bench`, by public route and family: each case is a request (method, path, headers,
// body) against lead-intake's real HTTP port. `visitor()` is a valid submission; most cases break one thing in it.
import { FORMS, OPERATOR_TOKEN, startToken, visitor } from "./workers.mjs";

const FORM = FORMS[0].id;
const ORIGIN = FORMS[0].allowedOrigins[0];
const json = (body, extra = {}) => ({
  method: "POST",
  path: `/f/${FORM}`,
  headers: { "Content-Type": "application/json", Origin: ORIGIN, ...extra },
  body: typeof body === "string" ? body : JSON.stringify(body),
});
const form = (fields) => ({
  method: "POST",
  path: `/f/${FORM}`,
  headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
  body: typeof fields === "string" ? fields : new URLSearchParams(fields).toString(),
});
const get = (path, headers = {}) => ({ method: "GET", path, headers });
const admin = (method, path, auth = `Bearer ${OPERATOR_TOKEN}`) => ({
  method,
  path: `/admin${path}`,
  headers: auth === null ? {} : { Authorization: auth },
});
/** A valid visitor with some fields replaced (a new submission id and token each time). */
const v = (over = {}) => ({ ...visitor(Math.floor(Math.random() * 1e6)), ...over });
/** A valid visitor under another submission id, its start token signed for that id (it passes the token check). */
const withId = (id) => v({ submission_id: id, started_at: startToken(FORM, id, Date.now() - 60_000) });
/** A body streamed in chunks, with no Content-Length (Transfer-Encoding: chunked). */
function chunked(bytes, chunk = 64 * 1024) {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent >= bytes) return c.close();
      const n = Math.min(chunk, bytes - sent);
      c.enqueue(new TextEncoder().encode("x".repeat(n)));
      sent += n;
    },
  });
}

const SUBMIT = `POST /f/:id`;
export const CASES = [
  // Malformed bodies
  [SUBMIT, "malformed", "JSON cut short", json('{"name":"Dana"')],
  [SUBMIT, "malformed", "JSON array", json("[1,2]")],
  [SUBMIT, "malformed", "JSON null", json("null")],
  [SUBMIT, "malformed", "JSON string", json('"hello"')],
  [SUBMIT, "malformed", "empty JSON body", json("")],
  [SUBMIT, "malformed", "JSON with a BOM", json(`\ufeff${JSON.stringify(v())}`)],
  [SUBMIT, "malformed", "invalid UTF-8 bytes", { ...json(""), body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }],
  [SUBMIT, "malformed", "form: broken percent-encoding", form(`${new URLSearchParams(v())}&name=%E0%A4%A&phone=%ZZ`)],
  [SUBMIT, "malformed", "no Content-Type", { ...json(v()), headers: { Origin: ORIGIN } }],
  [SUBMIT, "malformed", "text/plain", { ...json(v()), headers: { "Content-Type": "text/plain", Origin: ORIGIN } }],
  [
    SUBMIT,
    "malformed",
    "multipart/form-data",
    { ...json("--x--"), headers: { "Content-Type": "multipart/form-data; boundary=x", Origin: ORIGIN } },
  ],
  [
    SUBMIT,
    "malformed",
    "JSON, upper-case type with a charset",
    json(v(), { "Content-Type": "APPLICATION/JSON; charset=utf-8" }),
  ],
  // Oversized
  [SUBMIT, "oversized", "40 KB JSON, declared", json(v({ message: "x".repeat(40 * 1024) }))],
  [SUBMIT, "oversized", "1 MB chunked, no Content-Length", { ...json(""), body: chunked(1024 * 1024) }],
  [SUBMIT, "oversized", "40 KB form post", form({ ...v(), message: "x".repeat(40 * 1024) })],
  [SUBMIT, "oversized", "message 5,001 characters", json(v({ message: "m".repeat(5001) }))],
  [SUBMIT, "oversized", "name of 201 emoji (402 UTF-16 units)", json(v({ name: "🏠".repeat(201) }))],
  [
    SUBMIT,
    "oversized",
    "10,000 unknown fields",
    json({ ...v(), ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, 1])) }),
  ],
  // Wrongly typed
  [SUBMIT, "wrong type", "name: number", json(v({ name: 42 }))],
  [SUBMIT, "wrong type", "email: array", json(v({ email: ["a@example.com"] }))],
  [SUBMIT, "wrong type", "budget: object", json(v({ budget: { amount: 1 } }))],
  [SUBMIT, "wrong type", "budget: 1e400 (Infinity)", json(`${JSON.stringify(v()).slice(0, -1)},"budget":1e400}`)],
  [SUBMIT, "wrong type", "consent: yes", json(v({ consent: "yes" }))],
  [SUBMIT, "wrong type", "submission_id: number", json(v({ submission_id: 123 }))],
  [SUBMIT, "wrong type", "submission_id: not a UUID (signed)", json(withId("not-a-uuid"))],
  [SUBMIT, "wrong type", "started_at: object", json(v({ started_at: { at: 1 } }))],
  [SUBMIT, "wrong type", "started_at: missing", json(v({ started_at: undefined }))],
  [SUBMIT, "wrong type", "started_at: forged", json(v({ started_at: `${Date.now() - 60_000}.${"A".repeat(43)}` }))],
  [SUBMIT, "wrong type", "timeline: unknown", json(v({ timeline: "someday" }))],
  [
    SUBMIT,
    "wrong type",
    "deeply nested value",
    json(v({ utm_source: JSON.parse(`${"[".repeat(500)}${"]".repeat(500)}`) })),
  ],
  // Hostile Unicode (accepted when it is text within the limits: it must then become a lead)
  [SUBMIT, "unicode", "right-to-left override in name", json(v({ name: "Dana \u202eevil\u202c Whitfield" }))],
  [
    SUBMIT,
    "unicode",
    "zero-width and combining marks",
    json(v({ name: "D\u200ba\u200dn\u0301\u0301a", message: "e\u0301".repeat(2000) })),
  ],
  [
    SUBMIT,
    "unicode",
    "lone surrogate (JSON escape)",
    json(`${JSON.stringify(v()).slice(0, -1)},"message":"half \\ud83c pair"}`),
  ],
  [SUBMIT, "unicode", "NUL and line separators", json(v({ name: "Dana\u0000Whitfield", message: "a\u2028b\u2029c" }))],
  [
    SUBMIT,
    "unicode",
    "emoji at the limits",
    json(v({ name: "🏠".repeat(100), utm_source: "🔑".repeat(100), message: "🏡".repeat(2500) })),
  ],
  [SUBMIT, "unicode", "only a BOM as name", json(v({ name: "\ufeff" }))],
  [SUBMIT, "unicode", "IDN email", json(v({ email: "dana@bücher.example" }))],
  // Prototype keys
  [
    SUBMIT,
    "prototype",
    "__proto__ in JSON",
    json(`${JSON.stringify(v()).slice(0, -1)},"__proto__":{"admin":true,"name":"x"}}`),
  ],
  [
    SUBMIT,
    "prototype",
    "constructor and toString fields",
    json(v({ constructor: "x", toString: "y", hasOwnProperty: 1 })),
  ],
  [
    SUBMIT,
    "prototype",
    "__proto__ as the whole identity",
    json('{"__proto__":{"name":"Dana","email":"a@example.com"}}'),
  ],
  [SUBMIT, "prototype", "form: __proto__ fields", form({ ...v(), ["__proto__"]: "x", "constructor[prototype]": "y" })],
  ["POST /f/__proto__", "prototype", "form id __proto__", { ...json(v()), path: "/f/__proto__" }],
  ["POST /f/constructor", "prototype", "form id constructor", { ...json(v()), path: "/f/constructor" }],
  // Injection
  [SUBMIT, "injection", "script in name (JSON)", json(v({ name: "<script>alert(1)</script>" }))],
  [
    SUBMIT,
    "injection",
    "markup in a failing form post",
    form({ ...v(), name: '"><img src=x onerror=alert(1)>', email: "nope" }),
  ],
  [
    SUBMIT,
    "injection",
    "SQL in fields",
    json(v({ name: "Robert'); DROP TABLE submissions;--", message: "' OR 1=1 --" })),
  ],
  [SUBMIT, "injection", "SQL-like submission id (signed)", json(withId("x' OR '1'='1"))],
  [SUBMIT, "injection", "CRLF in a header value", json(v(), { "X-Forwarded-For": "1.2.3.4, evil" })],
  [SUBMIT, "injection", "another site's Origin", json(v(), { Origin: "https://evil.example" })],
  [SUBMIT, "injection", "Origin: null", json(v(), { Origin: "null" })],
  [SUBMIT, "injection", "honeypot filled", json(v({ website: "http://spam.example" }))],
  [
    SUBMIT,
    "injection",
    "token of another form",
    json({ ...v(), started_at: startToken("other", "00000000-0000-4000-8000-000000000000", Date.now() - 60_000) }),
  ],
  // The pages
  ["GET /f/:id", "malformed", "unknown form", get("/f/nope")],
  ["GET /f/:id", "unicode", "emoji form id", get("/f/%F0%9F%8F%A0")],
  ["GET /f/:id", "malformed", "broken percent-encoding", get("/f/%E0%A4%A")],
  ["GET /f/:id", "oversized", "form id of 5,000 characters", get(`/f/${"a".repeat(5000)}`)],
  [
    "GET /f/:id",
    "injection",
    "script in listing_id",
    get(`/f/${FORM}?listing_id=${encodeURIComponent('"><script>alert(1)</script>')}`),
  ],
  ["GET /f/:id", "oversized", "listing_id of 10,000 characters", get(`/f/${FORM}?listing_id=${"L".repeat(10_000)}`)],
  ["GET /f/:id", "prototype", "form id __proto__", get("/f/__proto__")],
  ["GET /f/:id", "prototype", "form id hasOwnProperty", get("/f/hasOwnProperty")],
  ["GET /f/:id", "injection", "path traversal", get(`/f/..%2F..%2Fadmin%2Fdead-letters`)],
  ["GET /f/:id/fragment", "malformed", "n not a number", get(`/f/${FORM}/fragment?n=__proto__`, { Origin: ORIGIN })],
  ["GET /f/:id/fragment", "oversized", "n = 10^12", get(`/f/${FORM}/fragment?n=1000000000000`, { Origin: ORIGIN })],
  [
    "GET /f/:id/fragment",
    "injection",
    "another site's Origin",
    get(`/f/${FORM}/fragment`, { Origin: "https://evil.example" }),
  ],
  ["GET /f/:id/fragment", "prototype", "form id constructor", get("/f/constructor/fragment", { Origin: ORIGIN })],
  [
    "GET /f/:id/fragment",
    "unicode",
    "RTL override in mls_number",
    get(`/f/${FORM}/fragment?mls_number=${encodeURIComponent("\u202eSR1")}`, { Origin: ORIGIN }),
  ],
  [
    "OPTIONS /f/:id",
    "injection",
    "preflight from another site",
    {
      method: "OPTIONS",
      path: `/f/${FORM}`,
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
    },
  ],
  // The embed script
  ["GET /embed.js", "malformed", "plain", get("/embed.js")],
  ["GET /embed.js", "oversized", "query of 8,000 characters", get(`/embed.js?${"q".repeat(8000)}`)],
  ["GET /embed.js", "malformed", "Range past the end", get("/embed.js", { Range: "bytes=999999-" })],
  ["GET /embed.js", "malformed", "junk If-None-Match", get("/embed.js", { "If-None-Match": '"\u00ff", *, W/' })],
  [
    "POST /embed.js",
    "wrong type",
    "POST instead of GET",
    { method: "POST", path: "/embed.js", headers: { "Content-Type": "application/json" }, body: "{}" },
  ],
  ["GET /embed.js", "injection", "path traversal", get("/embed.js/..%2F..%2Fwrangler.toml")],
  // Operator endpoints
  ["GET /admin/dead-letters", "malformed", "no Authorization", admin("GET", "/dead-letters", null)],
  [
    "GET /admin/dead-letters",
    "malformed",
    "Basic scheme",
    admin("GET", "/dead-letters", `Basic ${btoa(`op:${OPERATOR_TOKEN}`)}`),
  ],
  [
    "GET /admin/dead-letters",
    "oversized",
    "10,000-character token",
    admin("GET", "/dead-letters", `Bearer ${"t".repeat(10_000)}`),
  ],
  [
    "GET /admin/dead-letters",
    "unicode",
    "token with non-Latin-1 escapes",
    admin("GET", "/dead-letters", "Bearer \u00e9\u00e8\u00ff"),
  ],
  [
    "GET /admin/dead-letters",
    "injection",
    "token prefix only",
    admin("GET", "/dead-letters", `Bearer ${OPERATOR_TOKEN.slice(0, 8)}`),
  ],
  ["GET /admin/dead-letters", "malformed", "with the token", admin("GET", "/dead-letters")],
  [
    "POST /admin/dead-letters/:id/redeliver",
    "injection",
    "SQL in the id",
    admin("POST", `/dead-letters/${encodeURIComponent("' OR 1=1 --")}/redeliver`),
  ],
  [
    "POST /admin/dead-letters/:id/redeliver",
    "prototype",
    "id __proto__",
    admin("POST", "/dead-letters/__proto__/redeliver"),
  ],
  [
    "POST /admin/dead-letters/:id/redeliver",
    "oversized",
    "id of 5,000 characters",
    admin("POST", `/dead-letters/${"i".repeat(5000)}/redeliver`),
  ],
  [
    "POST /admin/dead-letters/:id/redeliver",
    "malformed",
    "no token",
    admin("POST", `/dead-letters/${crypto.randomUUID()}/redeliver`, null),
  ],
  ["GET /admin/*", "malformed", "unknown admin route", admin("GET", "/nope")],
];

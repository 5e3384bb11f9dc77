// The hostile-input table of `npm run bench`: every case of hostile-cases.mjs against lead-intake's real HTTP port,
// the status and code each got; then every submission answered 2xx must have become a lead.
import { CASES } from "./hostile-cases.mjs";
import { resetSandbox, startIntake } from "./workers.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What came back: status, and the error code of a JSON envelope (or what the body is instead). */
async function answer(res) {
  const type = res.headers.get("Content-Type") ?? "";
  const text = await res.text();
  if (type.includes("application/json")) {
    try {
      const body = JSON.parse(text);
      if (body?.success === false && typeof body.error?.code === "string")
        return { code: body.error.code, enveloped: true };
      if (body?.success === true) return { code: "success", enveloped: true };
    } catch {
      // not JSON after all
    }
    return { code: "JSON, no envelope", enveloped: false };
  }
  if (type.includes("text/html")) {
    const alert = /role="alert"[^>]*>\s*<p>([^<]*)/.exec(text)?.[1];
    return { code: alert ? `page: ${alert.slice(0, 48)}` : "page", enveloped: false };
  }
  if (type.includes("javascript")) return { code: "the script", enveloped: false };
  return { code: type || "no body", enveloped: false };
}

export async function runHostile() {
  const w = await startIntake({ apiTimeoutMs: 2000 });
  try {
    await resetSandbox(w.sandbox);
    const rows = [];
    for (const [route, family, name, req] of CASES) {
      let status;
      let result;
      try {
        const res = await fetch(new URL(req.path, w.url), {
          method: req.method,
          headers: req.headers,
          body: req.body,
          redirect: "manual",
          ...(req.body instanceof ReadableStream ? { duplex: "half" } : {}),
          signal: AbortSignal.timeout(15_000),
        });
        status = res.status;
        result = await answer(res);
      } catch (err) {
        status = 0;
        result = { code: `no answer: ${err.name}`, enveloped: false };
      }
      // A refusal of a JSON request, an API-style route or a missing form must be the envelope; a form post is
      // a page navigation, answered with the page; the script and pages are what they are.
      const wantsEnvelope =
        status >= 400 && (req.headers["Content-Type"] ?? "").includes("json")
          ? true
          : status >= 400 && !/page/.test(result.code);
      rows.push({
        route,
        family,
        case: name,
        status,
        code: result.code,
        refusalEnveloped: wantsEnvelope ? result.enveloped : null,
      });
    }
    // Every 2xx must be deliverable: its row ends delivered (or deduplicated), never dead or stuck.
    const accepted = rows.filter(
      (r) => r.route.startsWith("POST /f/") && (r.status === 202 || r.status === 303),
    ).length;
    let counts = {};
    for (let i = 0; i < 120; i++) {
      const { results } = await w.db.prepare("SELECT state, count(*) AS n FROM submissions GROUP BY state").all();
      counts = Object.fromEntries(results.map((r) => [r.state, r.n]));
      if (!counts.queued) break;
      await sleep(250);
    }
    return {
      cases: rows.length,
      fiveHundreds: rows.filter((r) => r.status >= 500 || r.status === 0).length,
      notEnveloped: rows.filter((r) => r.refusalEnveloped === false).length,
      accepted,
      states: counts,
      delivered: (counts.delivered ?? 0) + (counts.duplicate ?? 0),
      rows,
    };
  } finally {
    await w.mf.dispose();
  }
}

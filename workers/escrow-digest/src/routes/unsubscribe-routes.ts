import { BodyTooLargeError, readBodyBytes } from "@actuallycare/shared/http/read-body";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { configFrom, type DigestEnv } from "../config/env";
import { unsubscribe } from "../ledger/recipient-store";
import { escapeHtml as e } from "../render/escape";
import { verifyUnsubscribe } from "../unsubscribe/unsubscribe-token";

type AppEnv = { Bindings: DigestEnv; Variables: { now: () => number } };

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#101828;">
<main><h1 style="font-size:1.4rem;">${e(title)}</h1>${body}</main></body></html>`;
}

const REFUSED = {
  malformed: "This unsubscribe link is not valid.",
  forged: "This unsubscribe link is not valid.",
  expired: "This unsubscribe link has expired. Use the link in a more recent digest.",
} as const;

/**
 * RFC 8058 one-click unsubscribe. `List-Unsubscribe` points at
 * `/unsubscribe?token=…`: mail clients POST `List-Unsubscribe=One-Click` to it,
 * which unsubscribes (once; repeating it changes nothing). A GET, which link
 * scanners and previews make, only shows a page with a button that POSTs.
 */
export function unsubscribeRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const check = async (c: { env: DigestEnv; req: { query(k: string): string | undefined } }, now: number) =>
    verifyUnsubscribe(configFrom(c.env).unsubscribeSecret, c.req.query("token") ?? "", now);
  const headers = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

  r.get("/unsubscribe", async (c) => {
    const result = await check(c, c.var.now());
    c.header("Cache-Control", headers["Cache-Control"]);
    c.header("Referrer-Policy", headers["Referrer-Policy"]);
    if (!result.ok) return c.html(page("Unsubscribe", `<p>${e(REFUSED[result.reason])}</p>`), 400);
    const action = `/unsubscribe?token=${encodeURIComponent(c.req.query("token") ?? "")}`;
    return c.html(
      page(
        "Unsubscribe from the escrow digest?",
        `<p>${e(result.email)} will no longer get the daily escrow digest.</p>
<form method="post" action="${e(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="font:inherit;padding:.5rem 1rem;">Unsubscribe</button></form>`,
      ),
    );
  });

  r.post("/unsubscribe", async (c) => {
    try {
      // The body is `List-Unsubscribe=One-Click`; the token in the URL is what counts.
      await readBodyBytes(c.req.raw, 1024);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      return c.html(page("Unsubscribe", "<p>The request is too large.</p>"), 413);
    }
    const now = c.var.now();
    const result = await check(c, now);
    c.header("Cache-Control", headers["Cache-Control"]);
    if (!result.ok)
      return c.html(page("Unsubscribe", `<p>${e(REFUSED[result.reason])}</p>`), 400 as ContentfulStatusCode);
    const fresh = await unsubscribe(c.env.ESCROW_DIGEST_DB, result.email, now);
    return c.html(
      page(
        "You are unsubscribed",
        `<p>${e(result.email)} ${fresh ? "will" : "already does"} not get the escrow digest any more.</p>`,
      ),
    );
  });
  return r;
}

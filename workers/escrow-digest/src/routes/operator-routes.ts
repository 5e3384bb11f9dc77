import { AppError, successEnvelope } from "@actuallycare/shared/app-error";
import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { operatorAuth } from "@actuallycare/shared/worker/operator-auth";
import { readCappedBody } from "@actuallycare/shared/worker/read-capped-body";
import * as z from "@actuallycare/shared/zod";
import { type Context, Hono } from "hono";
import { type Config, configFrom, type DigestEnv } from "../config/env";
import type { Recipient } from "../config/recipients";
import { BUCKETS } from "../content/build-digest";
import { ensureQueued, getSend, listSends } from "../ledger/sends-ledger";
import { escrowSource } from "../run/api-client";
import { composeDigest } from "../run/compose-digest";
import { type DigestMessage, sendAll } from "../run/digest-message";
import { STALE_AFTER_MS } from "../run/tick";
import { occurrenceKey } from "../schedule/occurrence-key";
import { localDate } from "../schedule/zoned-time";

type AppEnv = { Bindings: DigestEnv; Variables: { now: () => number } };

const date = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, "Expected a date YYYY-MM-DD"),
  z.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "Expected a real calendar date"),
);
const previewQuery = z.object({
  recipient: z.email(),
  date: z.optional(date),
  format: z._default(z.enum(["html", "text"]), "html"),
});
const runBody = z.object({
  recipient: z.optional(z.email()),
  date: z.optional(date),
  dryRun: z._default(z.boolean(), true),
});
const sendsQuery = z.object({
  date: z.optional(date),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
});

function valid<T>(schema: z.ZodMiniType<T>, value: unknown): T {
  const r = z.safeParse(schema, value);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
  throw new AppError(400, "VALIDATION_ERROR", "Invalid request data", details);
}

function recipientOf(config: Config, email: string): Recipient {
  const r = config.recipients.find((x) => x.email.toLowerCase() === email.toLowerCase());
  if (!r) throw new AppError(404, "NOT_FOUND", "No such recipient in RECIPIENTS");
  return r;
}

/** A digest built for an operator; an API failure becomes a 502 or 503 naming the API's code, never a 500. */
async function composed(...args: Parameters<typeof composeDigest>): ReturnType<typeof composeDigest> {
  try {
    return await composeDigest(...args);
  } catch (err) {
    if (!(err instanceof ActuallyCareError)) throw err;
    if (err.kind === "rate_limited")
      throw new AppError(
        503,
        "UPSTREAM_RATE_LIMITED",
        "The ActuallyCare API asks us to wait",
        { upstreamCode: err.code },
        undefined,
        err.delaySeconds(Date.now()),
      );
    throw new AppError(
      502,
      "UPSTREAM_ERROR",
      "The ActuallyCare API did not answer as expected",
      { upstreamCode: err.code },
      err.message,
    );
  }
}

async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  const bytes = await readCappedBody(c.req.raw, 16_384, "The body is too large");
  const text = new TextDecoder().decode(bytes).trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "VALIDATION_ERROR", "Invalid request data", [{ field: "body", message: "Malformed JSON" }]);
  }
}

/**
 * The operator's routes (Bearer OPERATOR_TOKEN): `GET /preview` renders what a
 * recipient would get without sending or recording; `POST /admin/run` runs
 * now (dry by default) through the same ledger as the cron; `GET /admin/sends`
 * lists the ledger.
 */
export function operatorRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const auth = operatorAuth<DigestEnv>((env) => configFrom(env).operatorToken);
  r.use("/preview", auth);
  r.use("/admin/*", auth);

  r.get("/preview", async (c) => {
    const q = valid(previewQuery, c.req.query());
    const config = configFrom(c.env);
    const recipient = recipientOf(config, q.recipient);
    const now = c.var.now;
    const source = await escrowSource(c.env, config, { priority: "interactive", queue: false });
    const { email } = await composed(
      { db: c.env.ESCROW_DIGEST_DB, config, source, now },
      recipient,
      q.date ?? localDate(now(), recipient.timeZone),
    );
    c.header("Cache-Control", "no-store");
    // The preview is the email as sent; its own links are the app's, so nothing here runs script.
    c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'");
    return q.format === "text" ? c.text(email.text) : c.html(email.html);
  });

  r.post("/admin/run", async (c) => {
    const body = valid(runBody, await jsonBody(c));
    const config = configFrom(c.env);
    const now = c.var.now;
    const recipients = body.recipient ? [recipientOf(config, body.recipient)] : config.recipients;
    const db = c.env.ESCROW_DIGEST_DB;
    const results: Record<string, unknown>[] = [];
    if (body.dryRun) {
      const source = await escrowSource(c.env, config, { priority: "interactive", queue: false });
      for (const recipient of recipients) {
        const day = body.date ?? localDate(now(), recipient.timeZone);
        const { digest } = await composed({ db, config, source, now }, recipient, day);
        const occurrence = await occurrenceKey(recipient.email, day);
        results.push({
          recipient: recipient.email,
          date: day,
          occurrence,
          subject: digest.subject,
          nothingDue: digest.nothingDue,
          wouldSend: !(digest.nothingDue && recipient.whenNothingDue === "skip"),
          ledgerState: (await getSend(db, occurrence))?.state ?? null,
          counts: Object.fromEntries([
            ...BUCKETS.map((b) => [b, digest.buckets[b].length]),
            ["closings", digest.closings.length],
            ["changes", digest.changes.length],
          ]),
        });
      }
      return c.json(successEnvelope({ dryRun: true, results }, now()));
    }
    const messages: { body: DigestMessage; delaySeconds: number }[] = [];
    for (const recipient of recipients) {
      const day = body.date ?? localDate(now(), recipient.timeZone);
      const occurrence = await occurrenceKey(recipient.email, day);
      const o = { occurrence, recipient: recipient.email, date: day, dueAt: now() };
      const status = await ensureQueued(db, o, now(), now() + STALE_AFTER_MS);
      if (status === "new" || status === "stale")
        messages.push({ body: { occurrence, recipient: recipient.email, date: day }, delaySeconds: 0 });
      results.push({
        recipient: recipient.email,
        date: day,
        occurrence,
        enqueued: status === "new" || status === "stale",
        state: (await getSend(db, occurrence))?.state ?? null,
      });
    }
    await sendAll(c.env.DIGESTS as Queue<DigestMessage>, messages);
    return c.json(successEnvelope({ dryRun: false, results }, now()), 202);
  });

  r.get("/admin/sends", async (c) => {
    const q = valid(sendsQuery, c.req.query());
    return c.json(successEnvelope({ sends: await listSends(c.env.ESCROW_DIGEST_DB, q) }, c.var.now()));
  });
  return r;
}

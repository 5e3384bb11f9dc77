import { BodyTooLargeError, readBodyBytes } from "@actuallycare/shared/http/read-body";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";
import type { AppEnv } from "../app-env";
import { ok } from "../http/envelope";
import { outboxPage } from "./outbox-page";
import {
  clearOutbox,
  ensureOutboxTables,
  listMessages,
  type OutboxMessage,
  rememberAnswer,
  rememberedAnswer,
  storeMessage,
} from "./outbox-store";

const addresses = z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(50)]);
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** What Resend's `POST /emails` accepts (the fields a sender uses; attachments and tags are accepted, not kept). */
const emailSchema = z
  .looseObject({
    from: z.string().min(3),
    to: addresses,
    subject: z.string().min(1),
    html: z.string().optional(),
    text: z.string().optional(),
    cc: addresses.optional(),
    bcc: addresses.optional(),
    reply_to: addresses.optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .refine((e) => e.html !== undefined || e.text !== undefined, { message: "Provide html or text", path: ["html"] });

/** Resend's error shape: `{statusCode, message, name}`. */
const refuse = (statusCode: number, name: string, message: string) =>
  Response.json({ statusCode, name, message }, { status: statusCode });

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The playground's stand-in for an email API (Resend's shape), so a
 * connector's HTTP email provider can run locally: `POST /__outbox/emails`
 * keeps what it receives instead of sending it, honouring `Idempotency-Key`
 * (a repeat of the same request returns the first answer and stores nothing;
 * the same key with another body is 409), and `GET /__outbox` lists it.
 */
export function outboxRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", async (c, next) => {
    ensureOutboxTables(c.env.sql);
    await next();
  });

  r.post("/emails", async (c) => {
    if (!/^Bearer +\S+/i.test(c.req.header("Authorization") ?? "")) {
      return refuse(401, "missing_api_key", "Missing API key in the authorization header");
    }
    let bytes: Uint8Array;
    try {
      bytes = await readBodyBytes(c.req.raw, 5 * 1024 * 1024);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return refuse(413, "payload_too_large", "The email is too large");
      throw err;
    }
    const key = c.req.header("Idempotency-Key") ?? null;
    if (key !== null && (key.length === 0 || key.length > 256)) {
      return refuse(400, "invalid_idempotency_key", "The idempotency key must be 1 to 256 characters");
    }
    const requestHash = await sha256(bytes);
    if (key) {
      const seen = rememberedAnswer(c.env.sql, key);
      if (seen && seen.requestHash !== requestHash) {
        return refuse(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload");
      }
      if (seen)
        return new Response(seen.answer, { status: seen.status, headers: { "Content-Type": "application/json" } });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return refuse(422, "validation_error", "The body is not valid JSON");
    }
    const parsed = emailSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(422, "validation_error", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
    }
    const e = parsed.data;
    const message: OutboxMessage = {
      id: crypto.randomUUID(),
      from: e.from,
      to: list(e.to),
      cc: list(e.cc),
      bcc: list(e.bcc),
      replyTo: list(e.reply_to),
      subject: e.subject,
      html: e.html ?? null,
      text: e.text ?? null,
      headers: e.headers ?? {},
      idempotencyKey: key,
      receivedAt: c.env.clock.iso(),
    };
    const answer = JSON.stringify({ id: message.id });
    c.env.sql.transaction(() => {
      storeMessage(c.env.sql, message);
      if (key) rememberAnswer(c.env.sql, key, requestHash, 200, answer);
    });
    return new Response(answer, { status: 200, headers: { "Content-Type": "application/json" } });
  });

  r.get("/", (c) => ok(c, { messages: listMessages(c.env.sql, c.req.query("to")) }));
  r.delete("/", (c) => ok(c, { deleted: clearOutbox(c.env.sql) }));
  r.get("/view", (c) => c.html(outboxPage(listMessages(c.env.sql, c.req.query("to"))), 200 as ContentfulStatusCode));
  return r;
}

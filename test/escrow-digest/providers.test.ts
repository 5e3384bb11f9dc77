import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OutgoingEmail } from "../../workers/escrow-digest/src/render/build-mime";
import { SendError } from "../../workers/escrow-digest/src/send/email-provider";
import { httpProvider } from "../../workers/escrow-digest/src/send/http-provider";
import { sendEmailProvider } from "../../workers/escrow-digest/src/send/send-email-provider";

const email: OutgoingEmail = {
  from: "Escrow Digest <digest@example.com>",
  to: "jordan.lee@example.com",
  toName: "Jordan Lee",
  subject: "1 deadline today",
  html: "<p>Hi</p>",
  text: "Hi\n",
  headers: {
    "List-Unsubscribe": "<https://digest.example.com/unsubscribe?token=t>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  },
};

const answering = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  httpProvider({
    baseUrl: "https://api.resend.test",
    apiKey: "re_x",
    fetch: async () => Response.json(body, { status, headers }),
  });

async function failure(p: Promise<unknown>): Promise<SendError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SendError) return err;
    throw err;
  }
  throw new Error("expected a SendError");
}

describe("the HTTP provider", () => {
  it("posts Resend's shape with the occurrence key as Idempotency-Key", async () => {
    let seen: Request | null = null;
    const p = httpProvider({
      baseUrl: "https://api.resend.test/",
      apiKey: "re_secret",
      fetch: async (r) => {
        seen = r.clone();
        return Response.json({ id: "em_1" });
      },
    });
    expect(await p.send(email, "escrow-digest/2026-07-01/abc")).toEqual({ id: "em_1" });
    const req = seen as unknown as Request;
    expect(req.url).toBe("https://api.resend.test/emails");
    expect(req.headers.get("Authorization")).toBe("Bearer re_secret");
    expect(req.headers.get("Idempotency-Key")).toBe("escrow-digest/2026-07-01/abc");
    expect(await req.json()).toEqual({
      from: email.from,
      to: [email.to],
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
    });
  });

  it("classifies failures: 429 and 5xx and a concurrent key retry, refusals are permanent", async () => {
    const limited = await failure(
      answering(429, { name: "rate_limit_exceeded", message: "Too many" }, { "Retry-After": "7" }).send(email, "k"),
    );
    expect([limited.permanent, limited.code, limited.retryAfterSeconds]).toEqual([
      false,
      "PROVIDER_RATE_LIMIT_EXCEEDED",
      7,
    ]);
    const down = await failure(answering(503, { name: "internal_server_error" }).send(email, "k"));
    expect([down.permanent, down.retryAfterSeconds]).toEqual([false, 30]);
    const busy = await failure(answering(409, { name: "concurrent_idempotent_requests" }).send(email, "k"));
    expect(busy.permanent).toBe(false);
    const mismatch = await failure(answering(409, { name: "invalid_idempotent_request" }).send(email, "k"));
    expect(mismatch.permanent).toBe(true);
    for (const [status, name] of [
      [422, "validation_error"],
      [403, "invalid_api_key"],
      [401, "missing_api_key"],
    ] as const) {
      const e = await failure(answering(status, { name, message: "no" }).send(email, "k"));
      expect([e.permanent, e.code]).toEqual([true, `PROVIDER_${name.toUpperCase()}`]);
    }
    const unreachable = httpProvider({
      baseUrl: "https://x.test",
      apiKey: "k",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect((await failure(unreachable.send(email, "k"))).permanent).toBe(false);
    const noId = await failure(answering(200, {}).send(email, "k"));
    expect([noId.permanent, noId.code]).toEqual([false, "PROVIDER_BAD_ANSWER"]);
  });
});

describe("the send_email provider", () => {
  it("hands Miniflare's binding a raw MIME message it accepts", async () => {
    const p = sendEmailProvider(env.SEND_EMAIL);
    expect(p.idempotent).toBe(false);
    const { id } = await p.send(email, "escrow-digest/2026-07-01/abc");
    expect(id).not.toBe("");
  });

  it("classifies the binding's refusals as permanent and other failures as retryable", async () => {
    const throwing = (message: string) =>
      sendEmailProvider({
        send: async () => {
          throw new Error(message);
        },
      } as unknown as SendEmail);
    expect((await failure(throwing("email to x@example.com not allowed").send(email, "k"))).permanent).toBe(true);
    expect((await failure(throwing("internal error; reference = abc").send(email, "k"))).permanent).toBe(false);
  });
});

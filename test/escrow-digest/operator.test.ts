import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../workers/escrow-digest/src/index";
import { digestEnv, FIXTURE_NOW, injectFault, operator, outbox, resetAll } from "./digest-helpers";

beforeEach(resetAll);

const JORDAN = "jordan.lee@example.com";
const ledgerCount = async () =>
  (await env.ESCROW_DIGEST_DB.prepare("SELECT count(*) AS n FROM sends").first<{ n: number }>())?.n ?? 0;
const json = (body: unknown) => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

/** Polls until `done`, bounded: for what the real queue consumer finishes after we return. */
async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`condition not met after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("operator routes", () => {
  it("refuse a missing or wrong token, in constant time, with the envelope", async () => {
    for (const auth of [null, "Bearer wrong-token-0000000000", "Basic x"]) {
      for (const path of [`/preview?recipient=${JORDAN}`, "/admin/sends"]) {
        const res = await operator(path, {}, auth);
        expect(res.status).toBe(401);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
      }
    }
  });

  it("preview renders a recipient's digest for a date, HTML or text, and records nothing", async () => {
    const html = await operator(`/preview?recipient=${JORDAN}&date=2026-07-06`);
    expect(html.status).toBe(200);
    expect(html.headers.get("Content-Type")).toMatch(/^text\/html/);
    const page = await html.text();
    // Monday 07-06: ESC-2026-0042's inspection and appraisal contingencies are due tomorrow.
    expect(page).toContain("Due tomorrow");
    expect(page).toContain("ESC-2026-0042");
    const text = await (await operator(`/preview?recipient=${JORDAN}&date=2026-07-06&format=text`)).text();
    expect(text).toMatch(/^Escrow digest for Jordan Lee, Mon, Jul 6/);
    expect(text).toContain("DUE TOMORROW");
    expect(await ledgerCount()).toBe(0);
    expect(await outbox()).toEqual([]);
  });

  it("preview refuses an unknown recipient (404) and a bad date or format (400)", async () => {
    expect((await operator("/preview?recipient=nobody@example.com")).status).toBe(404);
    const bad = await operator(`/preview?recipient=${JORDAN}&date=2026-13-40&format=pdf`);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; details: { field: string }[] } };
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.details.map((d) => d.field).sort()).toEqual(["date", "format"]);
  });

  it("admin/run is a dry run unless told otherwise, and a real one goes through the ledger once", async () => {
    const dry = await operator("/admin/run", json({ recipient: JORDAN, date: "2026-07-06" }));
    expect(dry.status).toBe(200);
    const dryBody = (await dry.json()) as { data: { dryRun: boolean; results: Record<string, unknown>[] } };
    expect(dryBody.data.dryRun).toBe(true);
    expect(dryBody.data.results).toEqual([
      expect.objectContaining({ recipient: JORDAN, date: "2026-07-06", wouldSend: true, ledgerState: null }),
    ]);
    expect(await ledgerCount()).toBe(0);

    const real = await operator("/admin/run", json({ recipient: JORDAN, date: "2026-07-06", dryRun: false }));
    expect(real.status).toBe(202);
    const realBody = (await real.json()) as { data: { results: { enqueued: boolean }[] } };
    expect(realBody.data.results[0]?.enqueued).toBe(true);
    // The real queue delivers it to this worker's consumer.
    const sent = await eventually(outbox, (m) => m.length > 0);
    expect(sent.map((m) => m.to[0])).toEqual([JORDAN]);
    const again = await operator("/admin/run", json({ recipient: JORDAN, date: "2026-07-06", dryRun: false }));
    expect(
      ((await again.json()) as { data: { results: { enqueued: boolean; state: string }[] } }).data.results,
    ).toEqual([expect.objectContaining({ enqueued: false, state: "sent" })]);
    const sends = (await (await operator("/admin/sends")).json()) as { data: { sends: Record<string, unknown>[] } };
    expect(sends.data.sends).toEqual([
      expect.objectContaining({ recipient: JORDAN, date: "2026-07-06", state: "sent", providerId: sent[0]?.id }),
    ]);
    expect(JSON.stringify(sends)).not.toContain("<html");
  }, 30_000);

  it("admin/run refuses malformed JSON and unknown recipients", async () => {
    const bad = await operator("/admin/run", { method: "POST", body: "{nope" });
    expect(bad.status).toBe(400);
    expect((await operator("/admin/run", json({ recipient: "nobody@example.com" }))).status).toBe(404);
    expect((await operator("/admin/run", json({ dryRun: "no" }))).status).toBe(400);
  });
});

describe("the scheduled handler", () => {
  it("fires through the real queue: one digest per recipient in the outbox, and a duplicate fire adds none", async () => {
    const fire = async () => {
      await worker.scheduled(
        createScheduledController({ scheduledTime: FIXTURE_NOW, cron: "*/15 * * * *" }),
        digestEnv,
      );
    };
    await fire();
    await fire();
    const sent = await eventually(outbox, (m) => m.length >= 2);
    expect(sent.map((m) => m.to[0]).sort()).toEqual([JORDAN, "maria.alvarez@example.com"]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await outbox()).toHaveLength(2);
  }, 30_000);
});

describe("a misconfigured deployment", () => {
  it("answers every route with 500 CONFIG_INVALID and logs which binding, never its value", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const zone = "Mars/Olympus_Mons";
    const recipients = JSON.stringify([{ email: JORDAN, name: "Jordan", timeZone: zone }]);
    for (const path of ["/health", "/preview", "/unsubscribe"]) {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`http://localhost:8790${path}`),
        { ...env, RECIPIENTS: recipients, UNSUBSCRIBE_SECRET: "short" } as never,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("CONFIG_INVALID");
    }
    const logged = log.mock.calls.flat().join("\n");
    expect(logged).toContain("UNSUBSCRIBE_SECRET must be at least 32 characters");
    expect(logged).not.toContain("short");
    log.mockRestore();
  });
});

describe("when the API fails", () => {
  it("preview answers 502 UPSTREAM_ERROR with the API's code, not a 500", async () => {
    // The preview's client retries a failed GET (it is interactive): fail more often than it tries.
    await injectFault({ mode: "500", count: 10 });
    const res = await operator(`/preview?recipient=${JORDAN}`);
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; details: { upstreamCode: string } } };
    expect(body.error.code).toBe("UPSTREAM_ERROR");
    expect(body.error.details.upstreamCode).toBe("INTERNAL_ERROR");
  });
});

import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call } from "../support/sandbox-client";

// The playground's local destinations (/__inbox/{name}): capture, list, and refuse what Slack and Discord refuse.
const unique = (kind: string) => `${kind}-${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
const post = (name: string, body: unknown, query = "") =>
  call(`/__inbox/${name}${query}`, {
    method: "POST",
    rawBody: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "Content-Type": "application/json", "X-Test": "yes" },
  });

describe("/__inbox stand-ins", () => {
  it("captures a request and lists it in the envelope with headers, the raw body and receivedAt", async () => {
    const name = unique("http");
    const raw = '{"event":"lead.created","data":{"name":"Rachel Kim"}}';
    const r = await post(name, raw);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ received: true });
    const list = await call(`/__inbox/${name}`);
    expect(list.status).toBe(200);
    expect(list.body.success).toBe(true);
    expect(list.body.data.requests).toEqual([
      {
        headers: expect.objectContaining({ "x-test": "yes", "content-type": "application/json" }),
        body: raw,
        receivedAt: expect.any(String),
        status: 200,
      },
    ]);
    expect(Date.parse(list.body.data.requests[0].receivedAt)).not.toBeNaN();
    const names = (await call("/__inbox")).body.data.inboxes.map((i: { name: string }) => i.name);
    expect(names).toContain(name);
    expect((await call(`/__inbox/${name}`, { method: "DELETE" })).body.data.removed).toBe(1);
    expect((await call(`/__inbox/${name}`)).body.data.requests).toEqual([]);
  });

  it("answers like Slack: ok, or its 400 for invalid blocks, no text or a bad payload", async () => {
    const name = unique("slack");
    const header = (text: string) => ({ type: "header", text: { type: "plain_text", text } });
    expect(await post(name, { text: "hi", blocks: [header("Hello")] })).toMatchObject({ status: 200, body: "ok" });
    expect(await post(name, { text: "hi", blocks: [header("x".repeat(151))] })).toMatchObject({
      status: 400,
      body: "invalid_blocks",
    });
    expect(await post(name, { text: "hi", blocks: Array.from({ length: 51 }, () => header("a")) })).toMatchObject({
      status: 400,
      body: "invalid_blocks",
    });
    const tooManyFields = {
      type: "section",
      fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "a" })),
    };
    expect(await post(name, { text: "hi", blocks: [tooManyFields] })).toMatchObject({
      status: 400,
      body: "invalid_blocks",
    });
    const longSection = { type: "section", text: { type: "mrkdwn", text: "y".repeat(3001) } };
    expect(await post(name, { text: "hi", blocks: [longSection] })).toMatchObject({
      status: 400,
      body: "invalid_blocks",
    });
    expect(await post(name, {})).toMatchObject({ status: 400, body: "no_text" });
    expect(await post(name, "{nope")).toMatchObject({ status: 400, body: "invalid_payload" });
    const captured = (await call(`/__inbox/${name}`)).body.data.requests.map((r: { status: number }) => r.status);
    expect(captured).toEqual([200, 400, 400, 400, 400, 400, 400]);
  });

  it("answers like Discord: 204, or 400 Invalid Form Body naming the embed limit broken", async () => {
    const name = unique("discord");
    expect((await post(name, { embeds: [{ title: "Hello", fields: [{ name: "a", value: "b" }] }] })).status).toBe(204);
    const r = await post(name, { embeds: [{ title: "t".repeat(257) }] });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      code: 50035,
      message: "Invalid Form Body",
      errors: { "embeds.0.title": expect.any(String) },
    });
    const big = {
      embeds: [
        {
          title: "t",
          description: "d".repeat(4000),
          fields: Array.from({ length: 3 }, () => ({ name: "n", value: "v".repeat(1000) })),
        },
      ],
    };
    expect((await post(name, big)).body.errors.embeds).toMatch(/6000/);
    expect(
      (await post(name, { embeds: [{ title: "t", fields: [{ name: "n", value: "" }] }] })).body.errors,
    ).toHaveProperty(["embeds.0.fields.0.value"]);
    expect((await post(name, { embeds: Array.from({ length: 11 }, () => ({ title: "t" })) })).status).toBe(400);
  });

  it("fails on request, for trying retries locally: always, every K-th, the first N, with Retry-After", async () => {
    const always = unique("down");
    expect((await post(always, {}, "?status=503")).status).toBe(503);
    const every = unique("flaky");
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(every, {}, "?failEvery=2")).status);
    expect(statuses).toEqual([200, 500, 200, 500]);
    const first = unique("limited");
    const limited = await post(first, {}, "?failFirst=1&status=429&retryAfter=7");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("7");
    expect((await post(first, {}, "?failFirst=1&status=429&retryAfter=7")).status).toBe(200);
    const moved = await SELF.fetch(`http://localhost:8787/__inbox/${unique("moved")}?status=301`, {
      method: "POST",
      body: "{}",
      redirect: "manual",
    });
    expect(moved.status).toBe(301);
  });

  it("refuses names that are not lower-case letters, digits and dashes", async () => {
    expect((await post("Bad_Name", {})).status).toBe(404);
  });

  it("the landing page shows the inboxes' latest messages as a person reads them", async () => {
    const who = `Dana ${crypto.randomUUID().replace(/-/g, "").slice(0, 8)} & Co`;
    const slack = {
      text: `New lead: ${who}`,
      blocks: [
        { type: "header", text: { type: "plain_text", text: `New lead: ${who}` } },
        { type: "section", fields: [{ type: "mrkdwn", text: "*Email*\ndana\u200b_w@example.com &amp; more" }] },
      ],
    };
    expect((await post("slack", slack)).status).toBe(200);
    const page = await SELF.fetch("http://localhost:8787/");
    const html = await page.text();
    expect(html).toContain("Webhook fan-out");
    expect(html).toContain(`New lead: ${who.replace("&", "&#38;")}`);
    expect(html).toContain("Email: dana_w@example.com &#38; more");
    expect(html).toContain("Latest sandbox webhook deliveries");
  });
});

import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { signUnsubscribe } from "../../workers/escrow-digest/src/unsubscribe/unsubscribe-token";
import { deliver, FIXTURE_NOW, operator, outbox, resetAll, row, tick } from "./digest-helpers";

beforeEach(resetAll);

const JORDAN = "jordan.lee@example.com";
const SECRET = env.UNSUBSCRIBE_SECRET;
const unsubscribed = async () =>
  (await env.ESCROW_DIGEST_DB.prepare("SELECT recipient FROM unsubscribes").all<{ recipient: string }>()).results;
const oneClick = (token: string) =>
  operator(
    `/unsubscribe?token=${encodeURIComponent(token)}`,
    {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    },
    null,
  );

describe("one-click unsubscribe (RFC 8058)", () => {
  it("uses the link from a sent digest: GET only asks, POST unsubscribes, once", async () => {
    await deliver((await tick(FIXTURE_NOW)).filter((m) => m.body.recipient === JORDAN));
    const [sent] = await outbox();
    const link = /^<(.+)>$/.exec(sent?.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
    const path = new URL(link).pathname + new URL(link).search;
    const page = await operator(path, {}, null);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('method="post"');
    expect(html).toContain(JORDAN);
    expect(await unsubscribed()).toEqual([]);

    const done = await operator(
      path,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      },
      null,
    );
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("will not get the escrow digest");
    const again = await operator(path, { method: "POST", body: "List-Unsubscribe=One-Click" }, null);
    expect(await again.text()).toContain("already does not get");
    expect(await unsubscribed()).toEqual([{ recipient: JORDAN }]);
  });

  it("refuses forged and expired tokens, and changes nothing", async () => {
    const forged = await signUnsubscribe(`${SECRET}-other`, JORDAN, Date.now() + 86_400_000);
    const expired = await signUnsubscribe(SECRET, JORDAN, Date.now() - 1000);
    for (const token of [forged, expired, "garbage"]) {
      expect((await operator(`/unsubscribe?token=${encodeURIComponent(token)}`, {}, null)).status).toBe(400);
      const res = await oneClick(token);
      expect(res.status).toBe(400);
    }
    expect(await (await oneClick(expired)).text()).toContain("expired");
    expect(await unsubscribed()).toEqual([]);
  });

  it("an unsubscribed recipient gets nothing", async () => {
    expect((await oneClick(await signUnsubscribe(SECRET, JORDAN, Date.now() + 86_400_000))).status).toBe(200);
    const messages = await tick(FIXTURE_NOW);
    await deliver(messages);
    expect((await outbox()).map((m) => m.to[0])).toEqual(["maria.alvarez@example.com"]);
    const jordan = messages.find((m) => m.body.recipient === JORDAN);
    expect(await row(jordan?.body.occurrence ?? "")).toMatchObject({ state: "skipped", error_code: "UNSUBSCRIBED" });
  });
});

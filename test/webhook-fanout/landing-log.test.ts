import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliveryRows, eventBody, eventually, ingest, OPERATOR_TOKEN } from "./fanout-helpers";

// The playground's landing page shows this worker's delivery log: the playground reads /admin server-side with
// the operator token (vitest.config.mts gives it the test token, as npm start's root .dev.vars does).
const accept = async (raw: string) => {
  const res = await ingest(raw);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { eventId: string } }).data.eventId;
};
const lead = (name: string, source: string) =>
  eventBody("lead.created", { id: crypto.randomUUID(), name, source, status: "new" });
const settled = (n: number) => (rows: Awaited<ReturnType<typeof deliveryRows>>) =>
  rows.length === n && rows.every((r) => r.state !== "queued");

describe("the landing page's delivery log", () => {
  it("lists the worker's attempts and its dead deliveries, read with a token the page never shows", async () => {
    const run = crypto.randomUUID().slice(0, 8);
    // "Fault drill" leads also go to the four faulty destinations; `broken` always fails and ends dead.
    const drill = await accept(lead(`Landing drill ${run}`, "Fault drill"));
    await eventually(() => deliveryRows(drill), settled(8), 30_000);
    const ok = await accept(lead(`Landing ${run}`, "Website Form"));
    await eventually(() => deliveryRows(ok), settled(4));

    const res = await env.ACTUALLYCARE_API.fetch("http://localhost:8787/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(OPERATOR_TOKEN);
    for (const destination of ["slack", "teams", "discord", "http"]) {
      expect(html).toMatch(
        new RegExp(
          `<tr class="ok"><td>[^<]+</td><td>${destination}</td><td>lead\\.created <code title="${ok}">${ok.slice(0, 12)}</code></td><td>1</td><td>✓ delivered 2\\d\\d</td><td>\\d+ ms</td><td></td></tr>`,
        ),
      );
    }
    expect(html).toMatch(
      new RegExp(
        `<tr class="failed"><td>[^<]+</td><td>broken</td><td>lead\\.created <code title="${drill}">[0-9a-f]{12}</code></td><td>dead</td><td>4</td><td>[^<]+</td></tr>`,
      ),
    );
  });
});

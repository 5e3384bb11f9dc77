import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, expect, it, vi } from "vitest";
import worker from "../../workers/escrow-digest/src/index";
import { OPERATOR_TOKEN, resetAll, sandbox } from "./digest-helpers";

beforeEach(resetAll);

async function fetchWith(overrides: Record<string, unknown>, path: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`http://localhost:8790${path}`, { headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } }),
    { ...env, ...overrides } as never,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

it("in development, the digest's today follows the sandbox clock (npm start's DEV_CLOCK_URL)", async () => {
  await sandbox("/__sandbox/clock", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ now: "2026-07-06T16:00:00.000Z", frozen: true }),
  });
  const dev = { DEV_CLOCK_URL: "http://localhost:8787/__sandbox/clock" };
  const text = await (await fetchWith(dev, "/preview?recipient=jordan.lee@example.com&format=text")).text();
  expect(text).toMatch(/^Escrow digest for Jordan Lee, Mon, Jul 6/);
  // Without it, the system clock: not the sandbox's July date.
  const real = await (await fetchWith({}, "/preview?recipient=jordan.lee@example.com&format=text")).text();
  expect(real).not.toMatch(/^Escrow digest for Jordan Lee, Mon, Jul 6/);
});

it("refuses a DEV_CLOCK_URL that is not a local sandbox", async () => {
  const log = vi.spyOn(console, "error").mockImplementation(() => {});
  const res = await fetchWith({ DEV_CLOCK_URL: "https://time.example.com/now" }, "/health");
  expect(res.status).toBe(500);
  expect(log.mock.calls.flat().join("\n")).toContain("DEV_CLOCK_URL must be a local sandbox URL");
  log.mockRestore();
});

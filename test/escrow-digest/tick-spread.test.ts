import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { parseRecipients } from "../../workers/escrow-digest/src/config/recipients";
import type { Enqueued } from "../../workers/escrow-digest/src/run/digest-message";
import { GROUP_SIZE, runTick, SPREAD_SECONDS } from "../../workers/escrow-digest/src/run/tick";
import { FIXTURE_NOW, resetAll } from "./digest-helpers";

beforeEach(resetAll);

it("spreads a large tick over the interval in groups of one consumer batch, not one spike", async () => {
  const recipients = parseRecipients(
    JSON.stringify(
      Array.from({ length: 60 }, (_, i) => ({
        email: `agent${i}@example.com`,
        name: `Agent ${i}`,
        timeZone: "America/Los_Angeles",
        sendAt: "07:00",
        cadence: "daily",
      })),
    ),
  );
  const out: Enqueued[] = [];
  const enqueue = async (m: Enqueued[]) => {
    out.push(...m);
  };
  await runTick({ db: env.ESCROW_DIGEST_DB, recipients, enqueue, now: FIXTURE_NOW }, FIXTURE_NOW);
  const step = Math.floor(SPREAD_SECONDS / 3);
  const delays = out.map((m) => m.delaySeconds);
  expect(delays.filter((d) => d === 0)).toHaveLength(GROUP_SIZE);
  expect(delays.filter((d) => d === step)).toHaveLength(GROUP_SIZE);
  expect(delays.filter((d) => d === 2 * step)).toHaveLength(60 - 2 * GROUP_SIZE);
  expect(Math.max(...delays)).toBeLessThan(15 * 60);
});

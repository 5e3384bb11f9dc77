import { env } from "cloudflare:workers";
import { createTransport } from "@actuallycare/shared/client/create-transport";
import { escrowsApi } from "@actuallycare/shared/client/groups/escrows";
import { beforeEach, expect, it } from "vitest";
import { configFrom } from "../../workers/escrow-digest/src/config/env";
import { d1TimelineCache } from "../../workers/escrow-digest/src/ledger/timeline-cache";
import { composeDigest } from "../../workers/escrow-digest/src/run/compose-digest";
import { EscrowSource } from "../../workers/escrow-digest/src/run/escrow-source";
import { digestEnv, FIXTURE_NOW, resetAll, sandbox } from "./digest-helpers";

beforeEach(resetAll);

/** One run's reads through the sandbox binding, counting the requests by path. */
async function run(date = "2026-07-01") {
  const paths: string[] = [];
  const transport = await createTransport({
    baseUrl: "http://sandbox.internal/v1",
    apiKey: env.ACTUALLYCARE_API_KEY,
    fetch: (r) => {
      paths.push(new URL(r.url).pathname);
      return env.ACTUALLYCARE_API.fetch(r);
    },
  });
  const source = new EscrowSource(escrowsApi(transport), { cache: d1TimelineCache(env.ESCROW_DIGEST_DB) });
  const config = configFrom(digestEnv);
  const digests = [];
  for (const r of config.recipients) {
    digests.push(
      (await composeDigest({ db: env.ESCROW_DIGEST_DB, config, source, now: () => FIXTURE_NOW }, r, date)).digest,
    );
  }
  return { paths, digests, timelines: paths.filter((p) => p.endsWith("/timeline")).length };
}

it("fetches each list once and each timeline once per run, whatever the number of recipients", async () => {
  const { paths, timelines } = await run();
  expect(paths.filter((p) => p === "/v1/escrows")).toHaveLength(1); // status=all: the fixtures fit one page
  expect(timelines).toBeGreaterThan(0);
  expect(new Set(paths.filter((p) => p.endsWith("/timeline"))).size).toBe(timelines);
});

it("reuses timelines of unchanged escrows in the next run, and refetches one whose version moved", async () => {
  const first = await run();
  const second = await run();
  expect(second.timelines).toBe(0);
  expect(second.paths).toEqual(["/v1/escrows"]);
  // A custom milestone on ESC-2026-0042 (a PUT bumps its version): only that timeline is fetched again.
  const custom = [{ label: "Final walk-through", date: "2026-07-03", completed: false }];
  const put = await sandbox("/v1/escrows/ESC-2026-0042", {
    method: "PUT",
    headers: { "X-API-Key": env.ACTUALLYCARE_API_KEY, "Content-Type": "application/json" },
    body: JSON.stringify({ timeline: custom }),
  });
  expect(put.success).toBe(true);
  const third = await run();
  expect(third.timelines).toBe(1);
  const jordan = third.digests[0];
  expect(jordan?.buckets.thisWeek.map((i) => `${i.escrow.displayId} ${i.label}`)).toContain(
    "ESC-2026-0042 Final walk-through",
  );
  expect(first.timelines).toBeGreaterThan(1);
});

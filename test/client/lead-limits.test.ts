import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { leadInputSchema } from "@actuallycare/shared/client/groups/lead-input";
import { LEAD_LIMITS } from "@actuallycare/shared/client/groups/leads";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixtureKey, resetSandbox } from "../support/sandbox-client";
import { clearClientKv, sandboxClient } from "./harness";

/** This file's rate window (CF-Connecting-IP). */
const IP = "10.70.9.1";
let key: string;
beforeAll(async () => {
  key = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  await clearClientKv();
});

describe("LEAD_LIMITS and leadInputSchema", () => {
  // The client's limits are one constant; the sandbox models the API on its own. They must say the same thing.
  it.each(Object.entries(LEAD_LIMITS))("%s: %i characters pass, one more is refused by both", async (field, max) => {
    const { client } = await sandboxClient({ ip: IP, apiKey: key });
    const lead = (n: number) => ({ name: "Limit Probe", [field]: "x".repeat(n) });
    expect(leadInputSchema.safeParse(lead(max)).success).toBe(true);
    expect((await client.leads.create(lead(max)))[field as keyof typeof LEAD_LIMITS]).toHaveLength(max);
    const over = leadInputSchema.safeParse(lead(max + 1));
    expect(over.success ? [] : over.error.issues.map((i) => i.path.join("."))).toEqual([field]);
    const refused = await client.leads.create(lead(max + 1)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ActuallyCareError);
    expect((refused as ActuallyCareError).code).toBe("VALIDATION_ERROR");
  });

  it("trims before it counts, as the API does, and refuses a blank name, a bad email and a negative budget", () => {
    expect(leadInputSchema.safeParse({ name: `  ${"x".repeat(LEAD_LIMITS.name)}  ` }).success).toBe(true);
    const bad = leadInputSchema.safeParse({ name: "  ", email: "nope", budget: -1, status: "converted" });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join("."))).toEqual([
      "name",
      "email",
      "status",
      "budget",
    ]);
  });
});

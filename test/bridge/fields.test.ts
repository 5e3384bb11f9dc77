import * as z from "@actuallycare/shared/zod";
import { beforeEach, describe, expect, it } from "vitest";
import { ACTION_INPUTS, ACTION_NAMES } from "../../workers/bridge/src/actions/action-schemas";
import { CHOICE_NAMES } from "../../workers/bridge/src/fields/choices";
import { bridge, expectError, resetAll } from "./bridge-helpers";
import { READ_TOKEN } from "./test-bindings";

beforeEach(resetAll);

describe("GET /fields/{action}", () => {
  it("describes create_lead's fields with labels, types, required flags and choices", async () => {
    const r = await bridge("/fields/create_lead", { token: READ_TOKEN });
    expect(r.status).toBe(200);
    const byKey = Object.fromEntries(r.body.map((f: any) => [f.key, f]));
    expect(byKey.name).toMatchObject({ label: "Full name", type: "string", required: true });
    expect(byKey.budget).toMatchObject({ type: "number", required: false, help_text: "Whole dollars" });
    expect(byKey.status).toMatchObject({ choices_from: "lead_statuses", allows_other: false });
    expect(byKey.status.choices.map((c: any) => c.id)).toEqual([
      "new",
      "contacted",
      "qualified",
      "unqualified",
      "lost",
    ]);
    expect(byKey.source).toMatchObject({ choices_from: "lead_sources", allows_other: true });
    expect((await bridge("/fields/create_appointment")).body.find((f: any) => f.key === "start_time").type).toBe(
      "datetime",
    );
  });

  it("is the validation's own view: what it calls required is exactly what the schema refuses to go without", async () => {
    for (const name of ACTION_NAMES) {
      const fields = (await bridge(`/fields/${name}`)).body as Array<{
        key: string;
        required: boolean;
        choices: any[] | null;
        allows_other: boolean;
      }>;
      const result = z.safeParse(ACTION_INPUTS[name], {});
      const missing = result.success ? [] : result.error.issues.map((i) => String(i.path[0]));
      expect(
        fields
          .filter((f) => f.required)
          .map((f) => f.key)
          .sort(),
        name,
      ).toEqual([...new Set(missing)].sort());
      // Every offered choice of a strict dropdown validates; a value outside it does not.
      for (const f of fields.filter((x) => x.choices && !x.allows_other)) {
        const shape = (ACTION_INPUTS[name] as z.ZodMiniObject).def.shape as Record<string, z.ZodMiniType>;
        const schema = shape[f.key] as z.ZodMiniType;
        for (const c of f.choices ?? [])
          expect(z.safeParse(schema, c.id).success, `${name}.${f.key}=${c.id}`).toBe(true);
        expect(z.safeParse(schema, "definitely-not-a-choice").success).toBe(false);
      }
    }
  });

  it("answers an unknown action 404", async () => {
    expectError(await bridge("/fields/nope"), 404, "UNKNOWN_ACTION");
  });
});

describe("GET /choices/{name}", () => {
  it("lists every dropdown, with ids and labels", async () => {
    for (const name of CHOICE_NAMES) {
      const r = await bridge(`/choices/${name}`);
      expect(r.status, name).toBe(200);
      expect(r.body.length, name).toBeGreaterThan(0);
      for (const c of r.body) expect(c, name).toEqual({ id: expect.any(String), label: expect.any(String) });
    }
    expect((await bridge("/choices/contact_types")).body).toContainEqual({
      id: "title_officer",
      label: "Title officer",
    });
    expect((await bridge("/choices/escrow_statuses")).body.map((c: any) => c.id)).toEqual([
      "active",
      "pending",
      "closed",
      "cancelled",
    ]);
  });

  it("answers an unknown list 404 and needs a token", async () => {
    expectError(await bridge("/choices/nope"), 404, "UNKNOWN_CHOICES");
    expectError(await bridge("/choices/lead_statuses", { token: null }), 401, "UNAUTHORIZED");
  });
});

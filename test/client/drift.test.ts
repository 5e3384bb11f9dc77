import { type ActuallyCareClient, createClient } from "@actuallycare/shared/client/create-client";
import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../support/fake-clock";
import { CALLS, type OperationName, PAGERS } from "./drift/calls";
import { fixtureServer, pagesServer } from "./drift/fixture-fetch";
import type { DriftFixture, Expectation } from "./drift/fixture-types";
import { DOCS_FIXTURES } from "./drift/fixtures/docs";
import { ACCOUNT_FIXTURES } from "./drift/fixtures/older-backend-account";
import { ESCROW_FIXTURES } from "./drift/fixtures/older-backend-escrows";
import { INVENTORY_FIXTURES } from "./drift/fixtures/older-backend-inventory";
import { PEOPLE_FIXTURES } from "./drift/fixtures/older-backend-people";
import { PAGINATE_FIXTURES } from "./drift/fixtures/paginate";
import { SESSION_LOGIN, SYNTHETIC_FIXTURES } from "./drift/fixtures/synthetic";

/**
 * Drift: real-world answers (the docs' examples, the older backend's shapes) through the client's real parse
 * path, transport included, with a fake `fetch` in place of the API. The expectations are those of the tolerant
 * client: documented examples parse, numeric strings become numbers, a record without its id or a non-numeric
 * string in a numeric field fails as `invalid_response` naming that field.
 */
const FIXTURES: DriftFixture[] = [
  ...DOCS_FIXTURES,
  ...ESCROW_FIXTURES,
  ...PEOPLE_FIXTURES,
  ...INVENTORY_FIXTURES,
  ...ACCOUNT_FIXTURES,
  ...SYNTHETIC_FIXTURES,
];

/** Calls that take only a JWT, so the client logs in first (spec §1.2). */
const needsLogin = (op: OperationName) =>
  /^(apiKeys|webhooks|contacts)\./.test(op) || (op.startsWith("auth.") && !/^auth\.(login|refresh)$/.test(op));

/** Both credentials, one attempt per call (a retried fixture would only repeat itself), virtual time. */
function clientOver(fetch: (request: Request) => Promise<Response>): Promise<ActuallyCareClient> {
  const clock = new FakeClock();
  return createClient({
    baseUrl: "https://api.actuallycare.com/v1",
    apiKey: "d41f0c6e9a2b4c8d7e5f3a1b9c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d",
    email: "jordan.lee@example.com",
    password: "Sandbox123",
    fetch,
    clock,
    sleep: clock.sleep,
    random: () => 0.5,
    maxAttempts: 1,
  });
}

/** The value at a dot path (`leads.0.budget`, `clients.length`) of a call's result. */
function at(value: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((v, key) => (v == null ? undefined : (v as Record<string, unknown>)[key]), value);
}

function verdict(e: Expectation): string {
  if (e === "parses") return "parses";
  if (e.kind === "invalid_response") return `fails as invalid_response at ${e.field}`;
  return `maps ${e.status} to ${e.kind} ${e.code}`;
}

async function failure(call: Promise<unknown>, expected: string): Promise<ActuallyCareError> {
  const err = await call.then(
    (result) => {
      throw new Error(`expected the call to fail (${expected}), but it returned ${JSON.stringify(result)}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActuallyCareError);
  return err as ActuallyCareError;
}

describe("drift: real-world answers through the client's parse path", () => {
  it("has a broad, well-formed fixture set", () => {
    const ids = [...FIXTURES, ...PAGINATE_FIXTURES].map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(FIXTURES.length).toBeGreaterThanOrEqual(30);
    const groups = new Set(FIXTURES.filter((f) => f.expect === "parses").map((f) => f.operation.split(".")[0]));
    expect([...groups].sort()).toEqual(
      [
        "apiKeys",
        "appointments",
        "auth",
        "billing",
        "clients",
        "contacts",
        "escrows",
        "leads",
        "listings",
        "webhooks",
      ].sort(),
    );
  });

  for (const f of FIXTURES) {
    it(`[${f.id}] ${f.origin} ${f.operation} (${f.source}) ${verdict(f.expect)}`, async () => {
      const server = fixtureServer(f, SESSION_LOGIN);
      const call = CALLS[f.operation](await clientOver(server.fetch));
      const expected = f.expect;
      if (expected === "parses") {
        const result = await call;
        for (const check of f.checks ?? []) expect(at(result, check.path), check.path).toStrictEqual(check.equals);
      } else if (expected.kind === "invalid_response") {
        const err = await failure(call, verdict(expected));
        expect({ kind: err.kind, field: err.field }, err.message).toEqual({
          kind: expected.kind,
          field: expected.field,
        });
      } else {
        const err = await failure(call, verdict(expected));
        expect({ kind: err.kind, status: err.status, code: err.code }, err.message).toEqual({
          kind: expected.kind,
          status: expected.status,
          code: expected.code,
        });
      }
      if (needsLogin(f.operation)) {
        expect(server.seen[0]).toMatchObject({ method: "POST", path: "/v1/auth/login" });
        expect(server.seen.at(-1)?.path).not.toBe("/v1/auth/login");
      }
    });
  }

  for (const f of PAGINATE_FIXTURES) {
    it(`[${f.id}] ${f.origin} paginate ${f.list} (${f.source}) ends with ${f.expect.ids.length} records`, async () => {
      const server = pagesServer(f);
      const ids = await PAGERS[f.list](await clientOver(server.fetch), f.query);
      expect(ids).toEqual(f.expect.ids);
      expect(server.seen[0]?.page).toBe("1");
    });
  }
});

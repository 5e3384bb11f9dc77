import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../workers/lead-intake/src/index";
import {
  DEMO_ORIGIN,
  person,
  resetAll,
  settled,
  startToken,
  submissionRow,
  submitForm,
  submitJson,
  WORKER,
} from "./intake-helpers";

beforeEach(resetAll);

const HOUR = 3_600_000;
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
/** The hidden fields of a rendered form. */
const hidden = (page: string) => ({
  id: /name="submission_id" value="([^"]+)"/.exec(page)?.[1] ?? "",
  token: /name="started_at" value="([^"]+)"/.exec(page)?.[1] ?? "",
});

describe("the signed started_at", () => {
  it("is issued with each rendering, for its submission id, and checked on the server's clock", async () => {
    const before = Date.now();
    const rendered = await (await SELF.fetch(`${WORKER}/f/demo`)).text();
    expect(rendered).not.toContain(env.FORM_SIGNING_SECRET);
    const { id, token } = hidden(rendered);
    const ms = Number(token.split(".")[0]);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(token).toBe(await startToken("demo", id, ms));
    // Sent at once, it is too fast, whatever the client says about time.
    const p = person({ submission_id: id, started_at: token });
    expect(await codeOf(await submitJson(p, { "CF-Connecting-IP": "192.0.2.80" }))).toBe("SPAM_SUSPECTED");
    await new Promise((r) => setTimeout(r, 2100)); // the demo form's minSubmitMs, 2 s
    expect((await submitJson(p, { "CF-Connecting-IP": "192.0.2.80" })).status).toBe(202);
    expect((await settled(id)).state).toBe("delivered");
  });

  it("refuses a missing, zero, unsigned, forged or misbound token as SPAM_SUSPECTED, storing nothing", async () => {
    const id = crypto.randomUUID();
    const long = Date.now() - 30_000;
    const good = await startToken("demo", id, long);
    const cases: Array<[string, unknown]> = [
      ["missing", undefined],
      ["zero", 0],
      ["a bare time", String(long)],
      ["a forged MAC", `${long}.${"A".repeat(43)}`],
      ["another time under the same MAC", `${long - 60_000}.${good.split(".")[1]}`],
      ["made for another submission id", await startToken("demo", crypto.randomUUID(), long)],
      ["made for another form", await startToken("valuation", id, long)],
      ["from the future", await startToken("demo", id, Date.now() + 10 * 60_000)],
    ];
    for (const [i, [what, token]] of cases.entries()) {
      // Sent as it is: submitJson would sign a number.
      const res = await SELF.fetch(`${WORKER}/f/demo`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: DEMO_ORIGIN, "CF-Connecting-IP": `192.0.2.${90 + i}` },
        body: JSON.stringify(person({ submission_id: id, started_at: token })),
      });
      expect({ what, status: res.status, code: await codeOf(res) }).toEqual({
        what,
        status: 400,
        code: "SPAM_SUSPECTED",
      });
    }
    expect(await submissionRow(id)).toBeNull();
    expect((await submitJson(person({ submission_id: id, started_at: good }))).status).toBe(202);
  });

  it("answers a token older than a day with FORM_EXPIRED; the no-JS page comes back with a fresh one", async () => {
    const p = person({ started_at: Date.now() - 25 * HOUR });
    const json = await submitJson(p, { "CF-Connecting-IP": "192.0.2.110" });
    expect(json.status).toBe(400);
    expect(await codeOf(json)).toBe("FORM_EXPIRED");
    const res = await submitForm(p, { "CF-Connecting-IP": "192.0.2.111" });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("This form was open for a long time. Please press Send again.");
    const { id, token } = hidden(page);
    expect(id).toBe(p.submission_id);
    const ms = Number(token.split(".")[0]);
    expect(Date.now() - ms).toBeLessThan(60_000);
    expect(token).toBe(await startToken("demo", id, ms));
  });

  it("gives a no-JS visitor refused for a forged token a genuine one, keeping a valid one's time", async () => {
    const p = person({ started_at: "1.forged" });
    const { token } = hidden(await (await submitForm(p, { "CF-Connecting-IP": "192.0.2.112" })).text());
    expect(Date.now() - Number(token.split(".")[0])).toBeLessThan(60_000);
    expect(token).toBe(await startToken("demo", p.submission_id as string, Number(token.split(".")[0])));
    // A genuine token on a post with other problems keeps its time: the visitor's time so far counts.
    const started = Date.now() - 40_000;
    const bad = person({ started_at: started, email: "nope" });
    const again = hidden(await (await submitForm(bad, { "CF-Connecting-IP": "192.0.2.113" })).text());
    expect(again.token).toBe(await startToken("demo", bad.submission_id as string, started));
  });

  it("is not needed on a form with minSubmitMs 0", async () => {
    const forms = [{ id: "api-only", intent: "buyer", allowedOrigins: [DEMO_ORIGIN], minSubmitMs: 0 }];
    const bindings = { ...env, FORMS: JSON.stringify(forms) } as Env;
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${WORKER}/f/api-only`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: DEMO_ORIGIN, "CF-Connecting-IP": "192.0.2.114" },
        body: JSON.stringify({ ...person(), started_at: undefined }),
      }),
      bindings,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(202);
  });
});

import { describe, expect, it } from "vitest";
import { createLogger, elapsed, type LogLevel, withFields } from "../../shared/src/worker/log";

function captured() {
  const lines: { level: LogLevel; value: Record<string, unknown> }[] = [];
  return { lines, sink: (level: LogLevel, line: string) => lines.push({ level, value: JSON.parse(line) }) };
}

describe("the structured logger", () => {
  it("writes one JSON object per call: event, worker and level first, then the fields", () => {
    const { lines, sink } = captured();
    createLogger("lead-intake", sink).warn("submission.retry", { messageId: "m-1", attempts: 2, outcome: "retry" });
    expect(lines).toEqual([
      {
        level: "warn",
        value: {
          event: "submission.retry",
          worker: "lead-intake",
          level: "warn",
          messageId: "m-1",
          attempts: 2,
          outcome: "retry",
        },
      },
    ]);
  });

  it("redacts fields named for credentials or a person's details, whatever their value", () => {
    const { lines, sink } = captured();
    createLogger("w", sink).info("x.y", {
      apiKey: "k",
      OPERATOR_TOKEN: "t",
      authorization: "Bearer t",
      email: "a@b.example",
      phone: "555",
      name: "Dana",
      lastName: "W",
      message: "hi",
      messageId: "kept",
      formId: "kept",
    });
    const v = lines[0]?.value ?? {};
    for (const k of ["apiKey", "OPERATOR_TOKEN", "authorization", "email", "phone", "name", "lastName", "message"]) {
      expect(v[k], k).toBe("[redacted]");
    }
    expect(v).toMatchObject({ messageId: "kept", formId: "kept" });
  });

  it("drops undefined fields, cuts long strings, and keeps its own fields from being overwritten", () => {
    const { lines, sink } = captured();
    const fields = { gone: undefined, detail: "x".repeat(600), worker: "other", level: "debug" } as Record<
      string,
      unknown
    >;
    createLogger("w", sink).error("a.b", fields as never);
    const v = lines[0]?.value ?? {};
    expect(v).not.toHaveProperty("gone");
    expect(String(v.detail)).toHaveLength(501);
    expect(v).toMatchObject({ worker: "w", level: "error", event: "a.b" });
  });

  it("withFields adds the same fields to every line; elapsed measures by the given clock", () => {
    const { lines, sink } = captured();
    const log = withFields(createLogger("w", sink), { messageId: "m-9" });
    log.info("a.b");
    log.warn("a.c", { outcome: "retry" });
    expect(lines.map((l) => l.value.messageId)).toEqual(["m-9", "m-9"]);
    expect(elapsed(1_000, () => 1_250)).toBe(250);
    expect(elapsed(1_000, () => 900)).toBe(0);
  });
});

import { SELF } from "cloudflare:test";

/**
 * Virtual time shared by the client under test and a frozen sandbox clock:
 * time moves only when a client sleeps, and moves both clocks together, so
 * rate windows, Retry-After and deadlines agree without real waiting.
 */
export class LinkedClock {
  private constructor(public t: number) {}

  /** Freezes the sandbox clock and starts virtual time from it. */
  static async start(): Promise<LinkedClock> {
    const r = await SELF.fetch("http://localhost:8787/__sandbox/clock", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ frozen: true }),
    });
    const body = (await r.json()) as { data: { now: string } };
    return new LinkedClock(Date.parse(body.data.now));
  }

  now = (): number => this.t;

  sleep = async (ms: number): Promise<void> => {
    const step = Math.max(0, Math.ceil(ms));
    this.t += step;
    this.slept += step;
    await SELF.fetch("http://localhost:8787/__sandbox/clock", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ advanceMs: step }),
    });
  };

  /** Total virtual time spent sleeping. */
  slept = 0;
}

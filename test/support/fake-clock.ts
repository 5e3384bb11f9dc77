/** A clock tests move by hand; `sleep` advances it instead of waiting. */
export class FakeClock {
  constructor(public t = Date.parse("2026-07-01T16:00:00.000Z")) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
  sleep = async (ms: number): Promise<void> => {
    this.t += Math.max(0, ms);
  };
}

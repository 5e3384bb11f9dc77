/** The sandbox's notion of "now" (settable for tests); real time drives only timers. */
export interface Clock {
  now(): number;
  iso(): string;
}

/** The persisted state of the settable clock. */
export interface ClockState {
  /** Sandbox time minus real time, in ms, while running. */
  offsetMs: number;
  /** Sandbox time pinned here, when frozen. */
  frozenAt: number | null;
}

export const FIXTURE_NOW = Date.parse("2026-07-01T16:00:00.000Z");

export function clockFrom(state: () => ClockState, realNow: () => number = Date.now): Clock {
  const now = () => {
    const s = state();
    return s.frozenAt ?? realNow() + s.offsetMs;
  };
  return { now, iso: () => new Date(now()).toISOString() };
}

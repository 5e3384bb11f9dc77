import { env } from "cloudflare:workers";
import { StaleKv } from "../support/kv-doubles";
import { describeBackoffStore } from "./backoff-conformance";

describeBackoffStore("Miniflare KV", () => ({ kv: env.TEST_KV, lagMs: 0 }));
describeBackoffStore("a KV double 60 s stale", (clock) => ({ kv: new StaleKv(clock, 60_000), lagMs: 60_000 }));

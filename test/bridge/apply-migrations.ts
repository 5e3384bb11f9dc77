import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// The worker's own D1 migrations, applied as `wrangler d1 migrations apply` would.
await applyD1Migrations(env.BRIDGE_DB, env.TEST_MIGRATIONS);

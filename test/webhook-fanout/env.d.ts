// Bindings the webhook-fanout test project adds (vitest.config.mts): the sandbox, the destinations' secrets and
// the worker's migrations.
declare namespace Cloudflare {
  interface Env {
    ACTUALLYCARE_API: Fetcher;
    ACTUALLYCARE_WEBHOOK_SECRET_PREVIOUS: string;
    SLACK_WEBHOOK_URL: string;
    TEAMS_WEBHOOK_URL: string;
    DISCORD_WEBHOOK_URL: string;
    HTTP_DESTINATION_URL: string;
    HTTP_DESTINATION_SECRET: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}

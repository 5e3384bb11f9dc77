// The baseline for worker bundles: a Hono app with one route and nothing of ours.
import { Hono } from "hono";

const app = new Hono();
app.get("/health", (c) => c.json({ ok: true }));

export default app;

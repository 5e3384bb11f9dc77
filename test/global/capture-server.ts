import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { TestProject } from "vitest/node";
import type { CapturedRequest } from "../support/captured-request";

/**
 * A stand-in webhook receiver for tests, started once per Vitest project in
 * Node (workerd cannot listen). It records every request and answers by path:
 *
 * - `/ok/...` → 200
 * - `/status/<code>/...` → that status
 * - `/fail-then-ok/<n>/<name>` → 500 for the first n requests to that exact path, then 200
 * - `/hang/...` → never answers (the socket is closed when the server stops)
 *
 * `GET /__captured?path=<prefix>` returns the recorded requests (oldest first) as JSON;
 * `DELETE /__captured[?path=<prefix>]` forgets them. Test files run concurrently, so
 * each test uses its own path prefix rather than clearing everything.
 */
export function startCaptureServer(): Promise<{ url: string; close(): Promise<void> }> {
  const captured: CapturedRequest[] = [];
  const failuresSeen = new Map<string, number>();
  const hanging = new Set<ServerResponse>();

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const control = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const prefix = url.searchParams.get("path") ?? "";
    if (req.method === "GET")
      return reply(
        res,
        200,
        captured.filter((r) => r.path.startsWith(prefix)),
      );
    if (req.method === "DELETE") {
      const kept = captured.filter((r) => !r.path.startsWith(prefix));
      const removed = captured.length - kept.length;
      captured.splice(0, captured.length, ...kept);
      return reply(res, 200, { removed });
    }
    return reply(res, 405, { error: "GET or DELETE" });
  };

  const answer = (res: ServerResponse, path: string) => {
    const status = /^\/status\/(\d{3})(?:\/|$)/.exec(path);
    if (status) return reply(res, Number(status[1]), { captured: true, status: Number(status[1]) });
    const flaky = /^\/fail-then-ok\/(\d+)\/[^/?]+$/.exec(path);
    if (flaky) {
      const seen = (failuresSeen.get(path) ?? 0) + 1;
      failuresSeen.set(path, seen);
      return seen <= Number(flaky[1])
        ? reply(res, 500, { captured: true, attempt: seen })
        : reply(res, 200, { captured: true, attempt: seen });
    }
    if (path.startsWith("/hang/")) {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (path.startsWith("/ok/")) return reply(res, 200, { captured: true });
    return reply(res, 404, { error: "unknown capture path" });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://capture.local");
      if (url.pathname === "/__captured") return control(req, res, url);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      const path = req.url ?? "/";
      captured.push({
        method: req.method ?? "GET",
        path,
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: new Date().toISOString(),
      });
      answer(res, url.pathname);
    });
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      if (typeof addr !== "object" || addr === null) return reject(new Error("capture server has no address"));
      resolve({
        url: `http://127.0.0.1:${addr.port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const res of hanging) res.destroy();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Vitest globalSetup: one capture server per project, its base URL provided as `captureUrl`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startCaptureServer();
  project.provide("captureUrl", server.url);
  return () => server.close();
}

// Where lead-intake's accept path spends its CPU: a sampling profile of the worker's isolate (DevTools protocol)
// while 2,000 submissions are posted. Not part of `npm run bench`; run it with `npx node bench/intake/profile.mjs`.
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { applyMigrations, disposeBundles, intakeWorker, postJson, visitor } from "./workers.mjs";

const INSPECTOR_PORT = 9339;
const { serviceBindings: _noSandbox, ...intake } = intakeWorker({ consumer: false });
const mf = new Miniflare(convertV4MiniflareOptions({ workers: [intake], inspectorPort: INSPECTOR_PORT }));
try {
  const url = await mf.ready;
  await applyMigrations(await mf.getD1Database("LEAD_INTAKE_DB", "lead-intake"));
  const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json();
  const target = targets.find((t) => /core:user:lead-intake/.test(t.title ?? ""));
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve) => ws.addEventListener("open", resolve));
  let lastId = 0;
  const pending = new Map();
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(e.data);
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      const id = ++lastId;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  const load = async (n) => {
    const bodies = Array.from({ length: n }, (_, i) => visitor(i));
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < n; i = next++) await (await postJson(url, bodies[i])).arrayBuffer();
      }),
    );
  };
  await load(200);
  await call("Profiler.enable");
  await call("Profiler.setSamplingInterval", { interval: 100 });
  await call("Profiler.start");
  await load(2000);
  const { profile } = (await call("Profiler.stop")).result;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (const id of profile.samples) {
    const f = nodes.get(id).callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop() || ""}${f.url ? `:${f.lineNumber + 1}` : ""}`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const total = profile.samples.length;
  console.log(`${total} samples (self time; the bundle is minified, see its source map for names)`);
  for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${((n / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
  ws.close();
} finally {
  await mf.dispose();
  disposeBundles();
}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, chromium, type Page } from "playwright-core";
import { inject } from "vitest";

/** The Chromium the global setup found (test/browser/chromium-path.ts), driven by playwright-core. */
export function launchChromium(): Promise<Browser> {
  const { executablePath, env } = inject("chromium");
  return chromium.launch({
    executablePath,
    env: { ...(process.env as Record<string, string>), ...env },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(o: unknown): Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }
    ).axe;
    const result = await axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    // An axe that checked nothing would pass anything.
    if (result.passes.length === 0) throw new Error("axe-core ran no checks on this page");
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Leads in the sandbox of this run, newest first. */
export async function sandboxLeads(): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${inject("playgroundUrl")}/v1/leads?limit=100`, {
    headers: { "X-API-Key": inject("fixtureApiKey") },
  });
  const body = (await res.json()) as { data: { leads: Array<Record<string, unknown>> } };
  return body.data.leads;
}

/** Polls the sandbox until a lead with this email exists (the queue consumer delivers within seconds). */
export async function leadWithEmail(email: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const lead = (await sandboxLeads()).find((l) => l.email === email);
    if (lead) return lead;
    if (Date.now() > until) throw new Error(`no lead for ${email} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// The deployed Worker's own word that it runs: GET /health must answer 200 with
// `{success:true,data:{ok:true}}`. A new workers.dev hostname can take a few
// seconds to resolve, so it asks a few times before giving up.
import * as z from "zod";

const healthSchema = z.object({ success: z.literal(true), data: z.object({ ok: z.literal(true) }) });
const errorSchema = z.object({ success: z.literal(false), error: z.object({ code: z.string() }) });

export type HealthResult = { ok: true } | { ok: false; detail: string };

export async function checkHealth(
  baseUrl: string,
  {
    attempts = 6,
    delayMs = 5_000,
    fetchImpl = fetch,
  }: { attempts?: number; delayMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<HealthResult> {
  let detail = "no answer";
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, delayMs));
    try {
      const res = await fetchImpl(new URL("/health", baseUrl), { signal: AbortSignal.timeout(10_000) });
      const body: unknown = await res.json().catch(() => null);
      if (res.status === 200 && healthSchema.safeParse(body).success) return { ok: true };
      const code = errorSchema.safeParse(body);
      detail = `${res.status}${code.success ? ` ${code.data.error.code}` : ""}`;
      // The Worker answered: waiting longer will not change a misconfiguration.
      if (res.status !== 404 && res.status < 520) return { ok: false, detail };
    } catch (err) {
      detail = err instanceof Error ? err.message : String(err);
    }
  }
  return { ok: false, detail };
}

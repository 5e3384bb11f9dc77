import { AppError } from "@actuallycare/shared/app-error";
import { timingSafeEqual } from "@actuallycare/shared/timing-safe-equal";
import { verifyWebhookSignature } from "@actuallycare/shared/webhook-signature";
import type { Recipe } from "../config/recipes";
import { type DescribedRequest, describeRequests } from "./describe-request";
import { mapPayload } from "./map-payload";

/** A queue message: run catch run `runId`. */
export interface CatchMessage {
  runId: string;
}

/**
 * Checks a recipe's secret: the path token (`/catch/<recipe>/<secret>`) or `X-Bridge-Signature: sha256=<hex>`, the
 * HMAC-SHA256 of the raw body keyed by the secret (the same recipe as ActuallyCare's webhooks). Constant time.
 */
export async function checkCatchSecret(
  recipe: Recipe,
  secret: string,
  pathSecret: string | undefined,
  bytes: Uint8Array,
  signature: string | null,
): Promise<void> {
  const ok =
    recipe.auth === "path"
      ? pathSecret !== undefined && timingSafeEqual(pathSecret, secret)
      : pathSecret === undefined && (await verifyWebhookSignature(secret, bytes, signature));
  if (!ok) throw new AppError(401, "INVALID_SECRET", "This catch hook's secret or signature is missing or wrong");
}

export type CatchAnswer =
  | { dry_run: true; recipe: string; action: string; requests: DescribedRequest[] }
  | { run_id: string; status: "queued" };

/**
 * Maps an authenticated payload (422 naming every field it cannot map), then either describes the API requests it
 * would make (`dryRun`) or stores the run and queues it. The run row exists before the 202 and is removed again if
 * the queue refuses it (then the caller gets a 503 and retries), so an accepted payload is never lost.
 */
export async function acceptCatch(
  deps: { db: D1Database; queue: Queue<CatchMessage>; now: () => number },
  recipe: Recipe,
  payload: unknown,
  dryRun: boolean,
): Promise<CatchAnswer> {
  const mapped = mapPayload(recipe, payload);
  if (!mapped.ok)
    throw new AppError(422, "MAPPING_FAILED", "The payload does not map onto the recipe's action", mapped.problems);
  if (dryRun)
    return {
      dry_run: true,
      recipe: recipe.id,
      action: recipe.action,
      requests: describeRequests(recipe.action, mapped.input),
    };
  const id = crypto.randomUUID();
  const now = deps.now();
  await deps.db
    .prepare(
      "INSERT INTO catch_runs (id, recipe_id, action, input, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id, recipe.id, recipe.action, JSON.stringify(mapped.input), now, now)
    .run();
  try {
    await deps.queue.send({ runId: id }, { contentType: "json" });
  } catch (err) {
    await deps.db.prepare("DELETE FROM catch_runs WHERE id = ? AND state = 'queued'").bind(id).run();
    throw new AppError(
      503,
      "TEMPORARILY_UNAVAILABLE",
      "Could not queue the payload; send it again",
      undefined,
      `queue: ${err}`,
      5,
    );
  }
  return { run_id: id, status: "queued" };
}

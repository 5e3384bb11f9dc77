import { AppError } from "@actuallycare/shared/app-error";
import * as z from "@actuallycare/shared/zod";

/** Parses input at the edge; every problem at once, as `VALIDATION_ERROR` with `details: [{field, message}]`. */
export function parseInput<S extends z.ZodMiniType>(schema: S, value: unknown, where = "body"): z.infer<S> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ field: i.path.join(".") || where, message: i.message }));
  throw new AppError(400, "VALIDATION_ERROR", "Invalid request data", details);
}

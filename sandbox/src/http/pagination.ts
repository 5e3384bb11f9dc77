import * as z from "zod";
import { validate } from "./validate";

export interface PageRequest {
  page: number;
  limit: number;
  offset: number;
}

export interface PageMeta {
  page: number;
  limit: number;
  total: number;
  totalPages: number;
  hasMore: boolean;
}

const intParam = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be an integer`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

/** `page` ≥ 1 and `limit` 1–`max` (spec §1.5); a bad value is a 400 naming the field. */
export function readPage(query: Record<string, string | undefined>, defaultLimit = 25, max = 100): PageRequest {
  const { page, limit } = validate(
    z.object({
      page: intParam("page", 1, Number.MAX_SAFE_INTEGER).optional(),
      limit: intParam("limit", 1, max).optional(),
    }),
    { page: query.page, limit: query.limit },
  );
  const p = page ?? 1;
  const l = limit ?? defaultLimit;
  return { page: p, limit: l, offset: (p - 1) * l };
}

export function pageMeta(req: PageRequest, total: number): PageMeta {
  const totalPages = Math.ceil(total / req.limit);
  return { page: req.page, limit: req.limit, total, totalPages, hasMore: req.page < totalPages };
}

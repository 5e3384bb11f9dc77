import { AppError } from "@actuallycare/shared/app-error";
import { cors } from "hono/cors";
import { configFrom } from "../config/env";
import type { FormConfig } from "../config/forms";
import type { FormView } from "../form/render-form";
import { issueStartToken } from "../submission/start-token";

/** The form a route names, or 404 FORM_NOT_FOUND. */
export function formOf(env: Env, formId: string | undefined): FormConfig {
  const form = configFrom(env).forms.get(formId ?? "");
  if (!form) throw new AppError(404, "FORM_NOT_FOUND", "No form with this id");
  return form;
}

/** CORS (and preflights) for a `/f/:formId` route: the form's own origins only; others get no CORS headers at all. */
export function formCors(allowMethods: string[], allowHeaders?: string[]) {
  return cors({
    origin: (origin, c) => (formOf(c.env, c.req.param("formId")).allowedOrigins.includes(origin) ? origin : null),
    allowMethods,
    ...(allowHeaders ? { allowHeaders } : {}),
    maxAge: 600,
  });
}

/**
 * A fresh view of a form as served from `requestUrl`: posting back to this
 * worker, ids under `acf-<form>-`, a new submission id (unless `extra` keeps
 * one) and a `started_at` token signed for that id at `startedAtMs`; `extra`
 * adds or overrides (values, errors...).
 */
export async function formView(
  form: FormConfig,
  requestUrl: string,
  signingSecret: string,
  startedAtMs: number,
  extra: Partial<Omit<FormView, "startToken">> = {},
): Promise<FormView> {
  const submissionId = extra.submissionId ?? crypto.randomUUID();
  return {
    action: new URL(`/f/${form.id}`, requestUrl).href,
    idPrefix: `acf-${form.id}-`,
    ...extra,
    submissionId,
    startToken: await issueStartToken(signingSecret, form.id, submissionId, startedAtMs),
  };
}

/** The listing a property form is about, from the page's query (hosted page) or the embed's data attributes. */
export function listingOf(query: (name: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["listing_id", "mls_number"]) {
    const v = query(name)?.trim();
    if (v && v.length <= 100) out[name] = v;
  }
  return out;
}

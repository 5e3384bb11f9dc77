import { AppError } from "@actuallycare/shared/app-error";
import { configFrom } from "../config/env";
import type { FormConfig } from "../config/forms";

/** The form a route names, or 404 FORM_NOT_FOUND. */
export function formOf(env: Env, formId: string | undefined): FormConfig {
  const form = configFrom(env).forms.get(formId ?? "");
  if (!form) throw new AppError(404, "FORM_NOT_FOUND", "No form with this id");
  return form;
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

import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { FormConfig } from "../config/forms";
import { HONEYPOT_FIELD } from "../submission/defences";
import { type FieldSpec, fieldsOf, titleOf } from "./form-fields";

type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Everything one rendering of a form needs besides its config. */
export interface FormView {
  /** Absolute URL the form posts to (`/f/:formId` on this worker). */
  action: string;
  /** Prefix of every element id, unique on the page (several forms may share one). */
  idPrefix: string;
  /** The title's heading level: 1 on the hosted page, 2 inside an agent's page. */
  heading?: 1 | 2;
  /** The idempotency key of this view; a retry after an error keeps it. */
  submissionId: string;
  /** The signed `started_at` (server time of the first rendering, bound to the form and submission id). */
  startToken: string;
  values?: Record<string, string>;
  /** Field → message, from the server's `VALIDATION_ERROR` details. */
  errors?: Record<string, string>;
  /** A problem not tied to one field (spam suspicion, rate limit...), or the summary of field problems. */
  problem?: string;
}

const HIDDEN_FIELDS = ["listing_id", "mls_number"] as const;

/**
 * The form as HTML: a real `<form method="post">` that works with JavaScript
 * off, labelled fields with their hints and errors tied by aria-describedby,
 * a summary announced as an alert, and a status region the script fills on
 * success. The hosted page and the embed script both use this one rendering.
 */
export function renderForm(form: FormConfig, view: FormView): Markup {
  const p = view.idPrefix;
  const errors = view.errors ?? {};
  const values = view.values ?? {};
  const fields = fieldsOf(form);
  // The summary links to a field only if this form shows it; another problem (a hidden or unknown field) is text.
  const shown = new Set([...fields.map((f) => f.name), ...(form.consentText ? ["consent"] : [])]);
  const fieldErrors = Object.entries(errors).filter(([f]) => f !== "body");
  return html`<form class="acf" method="post" action="${view.action}" data-acf-form="${form.id}"${
    form.thankYouUrl ? html` data-acf-thanks="${form.thankYouUrl}"` : ""
  } aria-labelledby="${p}title">
  ${
    view.heading === 1
      ? html`<h1 class="acf-title" id="${p}title">${titleOf(form)}</h1>`
      : html`<h2 class="acf-title" id="${p}title">${titleOf(form)}</h2>`
  }
  <p class="acf-note">Fields marked <span aria-hidden="true">*</span><span class="acf-visually-hidden">with an asterisk</span> are required.</p>
  <div class="acf-summary" id="${p}summary" role="alert" tabindex="-1">${
    view.problem
      ? html`<p>${view.problem}</p>${
          fieldErrors.length > 0
            ? html`<ul>${fieldErrors.map(([f, m]) => (shown.has(f) ? html`<li><a href="#${p}${f}">${m}</a></li>` : html`<li>${m}</li>`))}</ul>`
            : ""
        }`
      : ""
  }</div>
  ${fields.map((f) => field(f, p, values[f.name] ?? "", errors[f.name]))}
  ${form.consentText ? consent(form.consentText, p, values.consent === "true" || values.consent === "on", errors.consent) : ""}
  <div class="acf-hp" hidden>
    <label for="${p}${HONEYPOT_FIELD}">Leave this field empty</label>
    <input id="${p}${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off" />
  </div>
  <input type="hidden" name="submission_id" value="${view.submissionId}" />
  <input type="hidden" name="started_at" value="${view.startToken}" />
  ${HIDDEN_FIELDS.map((name) => (values[name] ? html`<input type="hidden" name="${name}" value="${values[name]}" />` : ""))}
  ${form.turnstileSiteKey ? html`<div class="cf-turnstile" data-sitekey="${form.turnstileSiteKey}" data-action="${form.id}"></div>` : ""}
  <button class="acf-submit" type="submit">Send</button>
  <div class="acf-status" id="${p}status" role="status" tabindex="-1"></div>
</form>`;
}

function field(f: FieldSpec, p: string, value: string, error: string | undefined): Markup {
  const id = `${p}${f.name}`;
  const describedBy = [f.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const common = html`id="${id}" name="${f.name}"${f.required ? html` required` : ""}${
    error ? html` aria-invalid="true"` : ""
  }${describedBy ? html` aria-describedby="${describedBy}"` : ""}${
    f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ""
  }`;
  const control =
    f.type === "textarea"
      ? html`<textarea ${common} rows="4" maxlength="5000">${value}</textarea>`
      : f.type === "select"
        ? html`<select ${common}><option value="">Choose…</option>${(f.options ?? []).map(
            (o) => html`<option value="${o}"${o === value ? html` selected` : ""}>${o}</option>`,
          )}</select>`
        : html`<input ${common} type="${f.type}" value="${value}"${f.inputmode ? html` inputmode="${f.inputmode}"` : ""} />`;
  return html`<div class="acf-field">
    <label for="${id}">${f.label}${f.required ? html`<span aria-hidden="true"> *</span>` : ""}</label>
    ${f.hint ? html`<p class="acf-hint" id="${id}-hint">${f.hint}</p>` : ""}
    ${control}
    <p class="acf-error" id="${id}-error">${error ?? ""}</p>
  </div>`;
}

function consent(text: string, p: string, checked: boolean, error: string | undefined): Markup {
  const id = `${p}consent`;
  return html`<div class="acf-field acf-consent">
    <input id="${id}" name="consent" type="checkbox" value="true" required${checked ? html` checked` : ""}${
      error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""
    } />
    <label for="${id}">${text}<span aria-hidden="true"> *</span></label>
    <p class="acf-error" id="${id}-error">${error ?? ""}</p>
  </div>`;
}

import { html } from "hono/html";
import type { FormConfig } from "../config/forms";
import { titleOf } from "./form-fields";
import { type FormView, renderForm } from "./render-form";

const TURNSTILE_SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js";

/**
 * The hosted form page (`GET /f/:formId`), for links and iframes, and the
 * answer to a plain form post that could not be taken (the visitor's values
 * kept, the problems shown). `/embed.js` enhances it when JavaScript runs.
 */
export function formPage(form: FormConfig, view: FormView) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${view.problem ? "Please check your details – " : ""}${titleOf(form)}</title>
    <link rel="stylesheet" href="/form.css" />
    <script src="/embed.js" defer></script>
    ${form.turnstileSiteKey ? html`<script src="${TURNSTILE_SCRIPT}" async defer></script>` : ""}
  </head>
  <body class="acf-page">
    <main>${renderForm(form, view)}</main>
  </body>
</html>`;
}

/** Where a plain form post lands when the form has no thank-you URL of its own. */
export function thanksPage(form: FormConfig) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Thank you</title>
    <link rel="stylesheet" href="/form.css" />
  </head>
  <body class="acf-page">
    <main class="acf">
      <h1 class="acf-title">Thank you</h1>
      <p role="status">We received your details and will be in touch soon.</p>
      <p><a href="/f/${form.id}">Send another message</a></p>
    </main>
  </body>
</html>`;
}

/**
 * The hosted pages' security headers: only our own scripts and Turnstile's,
 * and framing only by the form's own sites (no clickjacking elsewhere).
 */
export function pageHeaders(form: FormConfig): Record<string, string> {
  const turnstile = form.turnstileSiteKey ? " https://challenges.cloudflare.com" : "";
  return {
    "Content-Security-Policy": [
      "default-src 'none'",
      `script-src 'self'${turnstile}`,
      `frame-src${turnstile || " 'none'"}`,
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      // The thank-you redirect is part of the form's navigation, so its site must be allowed too.
      `form-action 'self'${form.thankYouUrl ? ` ${new URL(form.thankYouUrl).origin}` : ""}`,
      "base-uri 'none'",
      `frame-ancestors 'self' ${form.allowedOrigins.join(" ")}`,
    ].join("; "),
    "Cache-Control": "no-store",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
  };
}

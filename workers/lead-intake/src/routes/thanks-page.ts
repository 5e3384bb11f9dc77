import { html } from "hono/html";
import type { FormConfig } from "../config/forms";

/** Where a plain form post lands when the form has no thank-you URL of its own. */
export function thanksPage(form: FormConfig) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Thank you</title>
  </head>
  <body>
    <main>
      <h1>Thank you</h1>
      <p role="status">We received your details and will be in touch soon.</p>
      <p><a href="/f/${form.id}">Send another message</a></p>
    </main>
  </body>
</html>`;
}

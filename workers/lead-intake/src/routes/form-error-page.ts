import type { AppError } from "@actuallycare/shared/app-error";
import { html } from "hono/html";
import type { FormConfig } from "../config/forms";

/**
 * The answer to a plain form post (JavaScript off) that could not be taken:
 * the problems, announced, and a way back to the form.
 */
export function formErrorPage(form: FormConfig, err: AppError) {
  const details = Array.isArray(err.details) ? (err.details as Array<{ field: string; message: string }>) : [];
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Please check your details</title>
  </head>
  <body>
    <main>
      <h1>Please check your details</h1>
      <div role="alert">
        <p>${err.message}</p>
        ${details.length > 0 ? html`<ul>${details.map((d) => html`<li>${d.field}: ${d.message}</li>`)}</ul>` : ""}
      </div>
      <p><a href="/f/${form.id}">Back to the form</a></p>
    </main>
  </body>
</html>`;
}

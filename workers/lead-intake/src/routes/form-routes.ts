import { Hono } from "hono/tiny";
import { configFrom } from "../config/env";
import { formPage, pageHeaders, thanksPage } from "../form/form-page";
import { renderForm } from "../form/render-form";
import { formCors, formOf, formView, listingOf } from "./form-of";

type AppEnv = { Bindings: Env };

/**
 * The form's pages: the hosted page, its thank-you page, and the fragment
 * `/embed.js` inserts into an agent's site (readable cross-origin only by the
 * form's own sites, like submissions).
 */
export function formRoutes(now: () => number = Date.now): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  r.get("/f/:formId", async (c) => {
    const form = formOf(c.env, c.req.param("formId"));
    const secret = configFrom(c.env).formSigningSecret;
    const view = await formView(form, c.req.url, secret, now(), {
      heading: 1,
      values: listingOf((n) => c.req.query(n)),
    });
    return c.html(formPage(form, view), 200, pageHeaders(form));
  });

  r.get("/f/:formId/thanks", (c) => {
    const form = formOf(c.env, c.req.param("formId"));
    return c.html(thanksPage(form), 200, pageHeaders(form));
  });

  r.use("/f/:formId/fragment", formCors(["GET"]));
  r.get("/f/:formId/fragment", async (c) => {
    const form = formOf(c.env, c.req.param("formId"));
    // Several forms on one page need distinct element ids.
    const n = /^\d{1,3}$/.test(c.req.query("n") ?? "") ? `${c.req.query("n")}-` : "";
    const view = await formView(form, c.req.url, configFrom(c.env).formSigningSecret, now(), {
      idPrefix: `acf-${form.id}-${n}`,
      values: listingOf((name) => c.req.query(name)),
    });
    c.header("Cache-Control", "no-store");
    return c.html(renderForm(form, view));
  });
  return r;
}

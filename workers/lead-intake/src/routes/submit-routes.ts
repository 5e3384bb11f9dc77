import { AppError, successEnvelope } from "@actuallycare/shared/app-error";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { configFrom } from "../config/env";
import type { FormConfig } from "../config/forms";
import { acceptSubmission } from "../submission/accept-submission";
import { checkHuman, checkOrigin, checkRate } from "../submission/defences";
import { readSubmissionBody } from "../submission/read-body";
import type { AcceptedSubmission } from "../submission/to-lead";
import { formErrorPage } from "./form-error-page";
import { thanksPage } from "./thanks-page";

type AppEnv = { Bindings: Env };

function formOf(env: Env, formId: string): FormConfig {
  const form = configFrom(env).forms.get(formId);
  if (!form) throw new AppError(404, "FORM_NOT_FOUND", "No form with this id");
  return form;
}

/** `POST /f/:formId` and its CORS preflight (README, "Submission contract"). */
export function submitRoutes(now: () => number = Date.now): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  // Preflight and CORS headers for the form's own origins only; others get no CORS headers at all.
  r.use(
    "/f/:formId",
    cors({
      origin: (origin, c) =>
        formOf(c.env, c.req.param("formId") ?? "").allowedOrigins.includes(origin) ? origin : null,
      allowMethods: ["POST"],
      allowHeaders: ["Content-Type"],
      maxAge: 600,
    }),
  );

  r.get("/f/:formId/thanks", (c) => c.html(thanksPage(formOf(c.env, c.req.param("formId")))));

  r.post("/f/:formId", async (c) => {
    const form = formOf(c.env, c.req.param("formId"));
    checkOrigin(form, c.req.raw);
    const { kind, values } = await readSubmissionBody(c.req.raw);
    try {
      checkHuman(form, values, now());
      await checkRate(c.env.SUBMIT_LIMITER, form, c.req.header("CF-Connecting-IP") ?? "unknown");
      const queue = c.env.SUBMISSIONS as Queue<AcceptedSubmission>;
      const { submissionId } = await acceptSubmission({ db: c.env.LEAD_INTAKE_DB, queue, now }, form, values);
      if (kind === "form") return c.redirect(form.thankYouUrl ?? `/f/${form.id}/thanks`, 303);
      return c.json(successEnvelope({ submissionId, status: "accepted" }, now()), 202);
    } catch (err) {
      // A plain form post (no JavaScript) is a page navigation: answer with a page, never JSON.
      if (kind === "form" && err instanceof AppError && err.status < 500)
        return c.html(formErrorPage(form, err), err.status as 400);
      throw err;
    }
  });
  return r;
}

import { AppError, successEnvelope } from "@actuallycare/shared/app-error";
import { Hono } from "hono/tiny";
import { configFrom } from "../config/env";
import type { FormConfig } from "../config/forms";
import { formPage, pageHeaders } from "../form/form-page";
import { acceptSubmission } from "../submission/accept-submission";
import { checkHuman, checkOrigin, checkRate, HONEYPOT_FIELD } from "../submission/defences";
import { readSubmissionBody } from "../submission/read-body";
import { readStartToken } from "../submission/start-token";
import { isSubmissionId } from "../submission/submission-schema";
import type { AcceptedSubmission } from "../submission/to-lead";
import { checkTurnstile, TOKEN_FIELD } from "../submission/turnstile";
import { formCors, formOf, formView } from "./form-of";

type AppEnv = { Bindings: Env };

export interface SubmitDeps {
  now: () => number;
  /** Reaches Turnstile's siteverify. */
  fetch: typeof fetch;
}

/** `POST /f/:formId` and its CORS preflight (README, "Submission contract"). */
export function submitRoutes(deps: SubmitDeps = { now: Date.now, fetch: (...a) => fetch(...a) }): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("/f/:formId", formCors(["POST"], ["Content-Type"]));

  r.post("/f/:formId", async (c) => {
    const form = formOf(c.env, c.req.param("formId"));
    checkOrigin(form, c.req.raw);
    const { kind, values } = await readSubmissionBody(c.req.raw);
    try {
      const ip = c.req.header("CF-Connecting-IP") ?? null;
      await checkHuman(form, values, deps.now(), configFrom(c.env).formSigningSecret);
      await checkRate(c.env.SUBMIT_LIMITER, form, ip ?? "unknown");
      const secret = configFrom(c.env).turnstileSecret ?? "";
      const ownHostname = new URL(c.req.url).hostname;
      await checkTurnstile({ secret, fetch: deps.fetch }, form, values, { ip, ownHostname });
      const queue = c.env.SUBMISSIONS as Queue<AcceptedSubmission>;
      const db = c.env.LEAD_INTAKE_DB;
      const { submissionId } = await acceptSubmission({ db, queue, now: deps.now }, form, values);
      if (kind === "form") return c.redirect(form.thankYouUrl ?? `/f/${form.id}/thanks`, 303);
      return c.json(successEnvelope({ submissionId, status: "accepted" }, deps.now()), 202);
    } catch (err) {
      // A plain form post (no JavaScript) is a page navigation: answer with the form again, never JSON.
      if (kind === "form" && err instanceof AppError) {
        const page = await errorPage(c.req.url, form, values, err, deps.now(), configFrom(c.env).formSigningSecret);
        return c.html(page.body, page.status as 400, page.headers);
      }
      throw err;
    }
  });
  return r;
}

/** What a visitor without JavaScript reads after a 409 SUBMISSION_ID_REUSED. */
export const REUSED_PAGE_MESSAGE =
  "We already received a message from this form with other details. If you want to send these details too, press Send again: they will go as a new message.";

/** The hosted form again, with the visitor's values kept and the problems shown, with the error's status. */
async function errorPage(
  url: string,
  form: FormConfig,
  values: Record<string, unknown>,
  err: AppError,
  nowMs: number,
  signingSecret: string,
) {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === "string" && k !== HONEYPOT_FIELD && k !== TOKEN_FIELD) kept[k] = v;
  }
  const details = Array.isArray(err.details) ? (err.details as Array<{ field: string; message: string }>) : [];
  const reused = err.code === "SUBMISSION_ID_REUSED";
  // The same submission id and start time: nothing was stored, and the visitor's time so far counts. A reused id
  // gets a new one, so that pressing Send again sends these details as a new submission; so does an id that is no
  // UUID, or the visitor could never succeed (it is no field of theirs to correct). A start token that is not
  // ours, or expired, is replaced by one from now: a person pressing Send again then passes.
  const keepId = !reused && isSubmissionId(kept.submission_id);
  const start = await readStartToken(signingSecret, form.id, kept.submission_id, kept.started_at, nowMs);
  const fieldDetails = details.filter((d) => d.field !== "submission_id");
  const view = await formView(form, url, signingSecret, start.ok ? start.startedAtMs : nowMs, {
    heading: 1,
    ...(keepId ? { submissionId: kept.submission_id?.toLowerCase() } : {}),
    values: kept,
    errors: Object.fromEntries(fieldDetails.map((d) => [d.field, d.message])),
    problem: reused
      ? REUSED_PAGE_MESSAGE
      : details.length > 0 && fieldDetails.length === 0
        ? "Something went wrong with this form. Please press Send again."
        : err.message,
  });
  const headers = pageHeaders(form);
  if (err.retryAfterSeconds !== undefined) headers["Retry-After"] = String(err.retryAfterSeconds);
  return { body: formPage(form, view), status: err.status, headers };
}

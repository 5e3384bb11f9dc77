import { LEAD_LIMITS, type LeadInput } from "@actuallycare/shared/client/groups/leads";
import type { FormConfig, Intent } from "../config/forms";
import { fitText } from "./fit-text";
import type { Submission } from "./submission-schema";

const LEAD_TYPES: Record<Intent, "buyer" | "seller"> = {
  buyer: "buyer",
  seller: "seller",
  property: "buyer",
  open_house: "buyer",
};
const INTENT_LABELS: Record<Intent, string> = {
  buyer: "Buyer inquiry",
  seller: "Home valuation request",
  property: "Property inquiry",
  open_house: "Open-house sign-in",
};

/** Fewer characters of `utm_source` than this after the form's source says nothing: the source is then the form's alone. */
const MIN_UTM_CHARS = 8;

/** What the queue carries: the validated submission plus what the server stamped on it. */
export interface AcceptedSubmission {
  formId: string;
  submission: Submission;
  /** ISO time the server accepted it (also the consent time). */
  acceptedAt: string;
}

/**
 * The lead a submission becomes (README, "From submission to lead"), within the API's limits (`LEAD_LIMITS`)
 * whatever the submission schema accepted: the visitor's own words (name, message, phone) are limited to the API's
 * lengths by that schema, so they are sent whole; what we compose (source, property interest, attribution in the
 * notes) is shortened with an ellipsis to fit. The notes' last line, the submission id, is never cut: the lookup
 * after an unknown outcome finds the lead by it.
 */
export function toLead(
  form: FormConfig,
  { submission: s, acceptedAt }: AcceptedSubmission,
): LeadInput & { name: string } {
  const property = [
    s.listing_id && `Listing ${s.listing_id}`,
    s.mls_number && `MLS ${s.mls_number}`,
    s.property_address,
  ]
    .filter(Boolean)
    .join(", ");
  return {
    name: s.name,
    email: s.email ?? null,
    phone: s.phone ?? null,
    source: sourceOf(form.source, s.utm_source),
    lead_type: LEAD_TYPES[form.intent],
    ...(s.timeline ? { timeline: s.timeline } : {}),
    ...(s.budget !== undefined ? { budget: s.budget } : {}),
    ...(property ? { property_interest: fitText(property, LEAD_LIMITS.property_interest) } : {}),
    ...(s.message ? { message: s.message } : {}),
    notes: notesOf(form, s, acceptedAt),
    ...(form.assignedAgentId ? { assigned_agent_id: form.assignedAgentId } : {}),
  };
}

/** `form source / utm_source`, the utm_source shortened to fit; the full utm_source is in the notes. */
function sourceOf(formSource: string, utmSource: string | undefined): string {
  const room = LEAD_LIMITS.source - formSource.length - " / ".length;
  if (!utmSource || room < MIN_UTM_CHARS) return fitText(formSource, LEAD_LIMITS.source);
  return `${formSource} / ${fitText(utmSource, room)}`;
}

/** Intent, attribution, consent, submission id; only the attribution line is ever shortened. */
function notesOf(form: FormConfig, s: Submission, acceptedAt: string): string {
  const attribution = [
    s.utm_source && `utm_source=${s.utm_source}`,
    s.utm_medium && `utm_medium=${s.utm_medium}`,
    s.utm_campaign && `utm_campaign=${s.utm_campaign}`,
    s.utm_term && `utm_term=${s.utm_term}`,
    s.utm_content && `utm_content=${s.utm_content}`,
    s.referrer && `referrer=${s.referrer}`,
    s.landing_page && `landing page=${s.landing_page}`,
  ].filter(Boolean);
  const head = `${INTENT_LABELS[form.intent]} via form "${form.id}".`;
  const consent = form.consentText && s.consent ? `Consent given at ${acceptedAt}: "${form.consentText}"` : null;
  const tail = `Submission ${s.submission_id}.`;
  const fixed = [head, consent, tail].filter((n): n is string => n !== null);
  const room = LEAD_LIMITS.notes - fixed.join("\n").length - "\n".length;
  const line = attribution.length > 0 ? fitText(`Attribution: ${attribution.join(", ")}.`, room) : "";
  return [head, line || null, consent, tail].filter((n): n is string => n !== null).join("\n");
}

/** The dedupe key of a submission: its email, else its phone's digits. */
export function contactKey(s: Submission): string {
  if (s.email) return `email:${s.email}`;
  const digits = (s.phone ?? "").replace(/\D/g, "");
  // "+1 661 555 0117" and "(661) 555-0117" are one person: drop the North American country code.
  return `phone:${digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits}`;
}

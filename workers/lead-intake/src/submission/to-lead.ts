import type { LeadInput } from "@actuallycare/shared/client/groups/leads";
import type { FormConfig, Intent } from "../config/forms";
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

/** What the queue carries: the validated submission plus what the server stamped on it. */
export interface AcceptedSubmission {
  formId: string;
  submission: Submission;
  /** ISO time the server accepted it (also the consent time). */
  acceptedAt: string;
}

/** The lead a submission becomes (README, "From submission to lead"). */
export function toLead(
  form: FormConfig,
  { submission: s, acceptedAt }: AcceptedSubmission,
): LeadInput & { name: string } {
  const attribution = [
    s.utm_source && `utm_source=${s.utm_source}`,
    s.utm_medium && `utm_medium=${s.utm_medium}`,
    s.utm_campaign && `utm_campaign=${s.utm_campaign}`,
    s.utm_term && `utm_term=${s.utm_term}`,
    s.utm_content && `utm_content=${s.utm_content}`,
    s.referrer && `referrer=${s.referrer}`,
    s.landing_page && `landing page=${s.landing_page}`,
  ].filter(Boolean);
  const notes = [
    `${INTENT_LABELS[form.intent]} via form "${form.id}".`,
    attribution.length > 0 ? `Attribution: ${attribution.join(", ")}.` : null,
    form.consentText && s.consent ? `Consent given at ${acceptedAt}: "${form.consentText}"` : null,
    `Submission ${s.submission_id}.`,
  ].filter((n): n is string => n !== null);
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
    source: s.utm_source ? `${form.source} / ${s.utm_source}` : form.source,
    lead_type: LEAD_TYPES[form.intent],
    ...(s.timeline ? { timeline: s.timeline } : {}),
    ...(s.budget !== undefined ? { budget: s.budget } : {}),
    ...(property ? { property_interest: property.slice(0, 500) } : {}),
    ...(s.message ? { message: s.message } : {}),
    notes: notes.join("\n"),
    ...(form.assignedAgentId ? { assigned_agent_id: form.assignedAgentId } : {}),
  };
}

/** The dedupe key of a submission: its email, else its phone's digits. */
export function contactKey(s: Submission): string {
  if (s.email) return `email:${s.email}`;
  const digits = (s.phone ?? "").replace(/\D/g, "");
  // "+1 661 555 0117" and "(661) 555-0117" are one person: drop the North American country code.
  return `phone:${digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits}`;
}

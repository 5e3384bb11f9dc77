import type { FormConfig, Intent, OptionalField } from "../config/forms";
import { TIMELINES } from "../submission/submission-schema";

/** One visible field of a form, as the hosted page and the embed render it. */
export interface FieldSpec {
  name: string;
  label: string;
  type: "text" | "email" | "tel" | "textarea" | "select";
  autocomplete?: string;
  inputmode?: string;
  required?: boolean;
  hint?: string;
  options?: readonly string[];
}

const FIXED: FieldSpec[] = [
  { name: "name", label: "Your name", type: "text", autocomplete: "name", required: true },
  { name: "email", label: "Email", type: "email", autocomplete: "email", hint: "An email or a phone number, or both." },
  { name: "phone", label: "Phone", type: "tel", autocomplete: "tel", inputmode: "tel" },
];

const OPTIONAL: Record<OptionalField, (intent: Intent) => FieldSpec> = {
  timeline: (intent) => ({
    name: "timeline",
    label: intent === "seller" ? "When would you like to sell?" : "When would you like to move?",
    type: "select",
    options: TIMELINES,
  }),
  budget: () => ({ name: "budget", label: "Budget (USD)", type: "text", inputmode: "numeric" }),
  property_address: (intent) => ({
    name: "property_address",
    label: "Property address",
    type: "text",
    autocomplete: "street-address",
    required: intent === "seller",
  }),
  message: (intent) => ({
    name: "message",
    label: intent === "seller" ? "Anything we should know about the home?" : "Message",
    type: "textarea",
  }),
};

const DEFAULT_FIELDS: Record<Intent, OptionalField[]> = {
  buyer: ["timeline", "budget", "message"],
  seller: ["property_address", "timeline", "message"],
  property: ["message"],
  open_house: ["timeline"],
};

const DEFAULT_TITLES: Record<Intent, string> = {
  buyer: "Tell us what you are looking for",
  seller: "Request a home valuation",
  property: "Ask about this property",
  open_house: "Open-house sign-in",
};

/** The fields a form shows, in order: name, email, phone, then its optional fields. */
export function fieldsOf(form: FormConfig): FieldSpec[] {
  const optional = form.fields ?? DEFAULT_FIELDS[form.intent];
  // A seller form always asks for the address: the server requires it.
  const withAddress =
    form.intent === "seller" && !optional.includes("property_address")
      ? ["property_address" as const, ...optional]
      : optional;
  return [...FIXED, ...withAddress.map((f) => OPTIONAL[f](form.intent))];
}

export function titleOf(form: FormConfig): string {
  return form.title ?? DEFAULT_TITLES[form.intent];
}

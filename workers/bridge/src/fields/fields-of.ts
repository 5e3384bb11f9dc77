import * as z from "@actuallycare/shared/zod";
import { type Choice, choicesOf } from "./choices";

/** One input field as a no-code tool shows it (Zapier's inputFields, Make's and n8n's parameters). */
export interface FieldInfo {
  key: string;
  label: string;
  type: "string" | "number" | "integer" | "boolean" | "datetime";
  required: boolean;
  help_text: string | null;
  /** The dropdown's name at `GET /choices/{name}`, if the field has one. */
  choices_from: string | null;
  /** Its values: the allowed ones for an enum, suggestions for free text. */
  choices: Choice[] | null;
  /** Free text with suggestions: any value is accepted. */
  allows_other: boolean;
}

interface JsonProp {
  type?: string;
  format?: string;
  enum?: string[];
  title?: string;
  description?: string;
  "x-choices"?: string;
}

/**
 * The fields of an input schema, read from its JSON Schema (`z.toJSONSchema`, the same conversion the OpenAPI
 * document uses), so labels, types, required flags and choices cannot drift from the validation.
 */
export function fieldsOf(schema: z.ZodMiniObject): FieldInfo[] {
  const json = z.toJSONSchema(schema, { io: "input" }) as {
    properties?: Record<string, JsonProp>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([key, p]) => {
    const choicesFrom = p["x-choices"] ?? null;
    return {
      key,
      label: p.title ?? key,
      type: typeOf(p),
      required: required.has(key),
      help_text: p.description ?? null,
      choices_from: choicesFrom,
      choices: p.enum
        ? p.enum.map((v) => ({ id: v, label: labelFrom(choicesFrom, v) }))
        : choicesFrom
          ? choicesOf(choicesFrom)
          : null,
      allows_other: !p.enum && choicesFrom !== null,
    };
  });
}

function typeOf(p: JsonProp): FieldInfo["type"] {
  if (p.type === "number" || p.type === "integer" || p.type === "boolean") return p.type;
  return p.format === "date-time" ? "datetime" : "string";
}

const labelFrom = (list: string | null, value: string) =>
  (list ? choicesOf(list)?.find((c) => c.id === value)?.label : undefined) ?? value;

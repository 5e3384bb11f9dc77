import * as z from "@actuallycare/shared/zod";

/** What a field tells a no-code tool beyond its type: a label, help text, and the dropdown its values come from. */
export interface FieldMeta {
  label: string;
  help?: string;
  /** A `GET /choices/{name}` list: the allowed values (an enum) or suggestions (free text). */
  choices?: string;
}

/**
 * Registers a schema's metadata in zod's global registry, where `z.toJSONSchema` finds it: the one place labels and
 * help texts live, read by `/fields`, `/openapi.json` and the Zapier app alike.
 */
export function field<S extends z.ZodMiniType>(schema: S, meta: FieldMeta): S {
  z.globalRegistry.add(schema, {
    title: meta.label,
    ...(meta.help ? { description: meta.help } : {}),
    ...(meta.choices ? { "x-choices": meta.choices } : {}),
  });
  return schema;
}

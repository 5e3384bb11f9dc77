/**
 * What Discord's webhooks refuse in a message's embeds (discord.com/developers/docs/resources/message):
 * the problems, as its `400 Invalid Form Body` lists them; an empty list means accepted.
 */
export function discordRefusal(body: string): Record<string, string> | null {
  let m: unknown;
  try {
    m = JSON.parse(body);
  } catch {
    return { body: "The request body contains invalid JSON." };
  }
  if (typeof m !== "object" || m === null || Array.isArray(m)) return { body: "Expected an object." };
  const { content, embeds } = m as { content?: unknown; embeds?: unknown };
  const errors: Record<string, string> = {};
  const long = (v: unknown, max: number) => typeof v === "string" && v.length > max;
  if (long(content, 2000)) errors.content = "Must be 2000 or fewer in length.";
  if (embeds !== undefined && !Array.isArray(embeds)) errors.embeds = "Expected an array.";
  const list = Array.isArray(embeds) ? (embeds as Array<Record<string, any>>) : [];
  if (list.length > 10) errors.embeds = "Must be 10 or fewer in length.";
  if (!content && list.length === 0) errors.content = "Cannot send an empty message.";
  let total = 0;
  list.forEach((e, i) => {
    const at = `embeds.${i}`;
    if (long(e.title, 256)) errors[`${at}.title`] = "Must be 256 or fewer in length.";
    if (long(e.description, 4096)) errors[`${at}.description`] = "Must be 4096 or fewer in length.";
    if (long(e.footer?.text, 2048)) errors[`${at}.footer.text`] = "Must be 2048 or fewer in length.";
    if (long(e.author?.name, 256)) errors[`${at}.author.name`] = "Must be 256 or fewer in length.";
    const fields = Array.isArray(e.fields) ? (e.fields as Array<Record<string, unknown>>) : [];
    if (fields.length > 25) errors[`${at}.fields`] = "Must be 25 or fewer in length.";
    fields.forEach((f, j) => {
      if (typeof f.name !== "string" || f.name.length === 0 || f.name.length > 256)
        errors[`${at}.fields.${j}.name`] = "Must be between 1 and 256 in length.";
      if (typeof f.value !== "string" || f.value.length === 0 || f.value.length > 1024)
        errors[`${at}.fields.${j}.value`] = "Must be between 1 and 1024 in length.";
      total += String(f.name ?? "").length + String(f.value ?? "").length;
    });
    total += [e.title, e.description, e.footer?.text, e.author?.name].reduce(
      (n: number, s: unknown) => n + (typeof s === "string" ? s.length : 0),
      0,
    );
  });
  if (total > 6000) errors.embeds = "Embed size exceeds maximum size of 6000";
  return Object.keys(errors).length > 0 ? errors : null;
}

/**
 * What Slack's incoming webhooks refuse, as far as a message's shape goes
 * (api.slack.com/reference/block-kit): the error names are the ones Slack
 * answers with its 400 (`invalid_payload`, `no_text`, `invalid_blocks`).
 */
export function slackRefusal(body: string): string | null {
  let m: unknown;
  try {
    m = JSON.parse(body);
  } catch {
    return "invalid_payload";
  }
  if (typeof m !== "object" || m === null || Array.isArray(m)) return "invalid_payload";
  const { text, blocks } = m as { text?: unknown; blocks?: unknown };
  if (blocks === undefined) return typeof text === "string" && text.trim() ? null : "no_text";
  if (!Array.isArray(blocks) || blocks.length > 50) return "invalid_blocks";
  return blocks.every(blockOk) ? null : "invalid_blocks";
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function textOk(t: unknown, max: number, plainOnly = false): boolean {
  if (!isObj(t) || typeof t.text !== "string" || t.text.length === 0 || t.text.length > max) return false;
  return t.type === "plain_text" || (!plainOnly && t.type === "mrkdwn");
}

function blockOk(b: unknown): boolean {
  if (!isObj(b)) return false;
  switch (b.type) {
    case "header":
      return textOk(b.text, 150, true);
    case "section": {
      const fields = b.fields;
      if (b.text === undefined && fields === undefined) return false;
      if (b.text !== undefined && !textOk(b.text, 3000)) return false;
      if (fields === undefined) return true;
      return Array.isArray(fields) && fields.length <= 10 && fields.every((f) => textOk(f, 2000));
    }
    case "context":
      return (
        Array.isArray(b.elements) &&
        b.elements.length >= 1 &&
        b.elements.length <= 10 &&
        b.elements.every((e) => textOk(e, 3000))
      );
    case "actions":
      return (
        Array.isArray(b.elements) &&
        b.elements.length >= 1 &&
        b.elements.length <= 25 &&
        b.elements.every(
          (e) =>
            isObj(e) &&
            textOk(e.text, 75, true) &&
            (e.url === undefined || (typeof e.url === "string" && e.url.length <= 3000)),
        )
      );
    case "divider":
      return true;
    default:
      return false;
  }
}

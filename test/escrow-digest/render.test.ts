import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { buildDigest } from "../../workers/escrow-digest/src/content/build-digest";
import { snapshotOf } from "../../workers/escrow-digest/src/content/snapshot";
import { buildMime, messageIdFor, type OutgoingEmail } from "../../workers/escrow-digest/src/render/build-mime";
import { renderHtml } from "../../workers/escrow-digest/src/render/render-html";
import { renderText } from "../../workers/escrow-digest/src/render/render-text";
import { escrow, escrowUrl, recipient } from "./fixtures";

const EVIL = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&`;
const UNSUBSCRIBE = "https://digest.example.com/unsubscribe?token=abc.def";
const ctx = { unsubscribeUrl: UNSUBSCRIBE };

function hostileDigest() {
  const hostile = escrow({
    display_id: `ESC-2026-0001${EVIL}`,
    property_address: `1 Main St\r\n\r\nUnsubscribe: https://evil.example/${EVIL}`,
    escrow_status: "active",
    closing_date: "2026-07-02",
    acceptance_date: "2026-06-14",
    contingencies: [{ type: `sale${EVIL}`, due_date: "2026-07-01", status: "pending" }],
  });
  const previous = { [hostile.id]: { d: hostile.display_id, a: hostile.property_address, s: `pending${EVIL}` } };
  return buildDigest({
    recipient: recipient({ name: `Jordan ${EVIL}` }),
    date: "2026-07-01",
    escrows: [hostile],
    timelines: new Map([[hostile.id, [{ label: `Walk-through ${EVIL}`, date: "2026-07-03", completed: false }]]]),
    previous,
    gone: new Map(),
    escrowUrl,
  });
}

describe("rendering", () => {
  it("escapes every CRM value in the HTML and links only into the app and the unsubscribe page", () => {
    const html = renderHtml(hostileDigest(), ctx);
    expect(html).not.toMatch(/<script|<img|<style|<link|<[^>]*\sonerror=/i);
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? "");
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      const url = href.replace(/&#38;/g, "&");
      expect(url.startsWith("https://app.example.com/escrows/") || url === UNSUBSCRIBE, url).toBe(true);
    }
    expect(hrefs).toContain(
      `https://app.example.com/escrows/${encodeURIComponent(`ESC-2026-0001${EVIL}`)}`
        .replace(/&/g, "&#38;")
        .replace(/'/g, "&#39;"),
    );
  });

  it("keeps hostile values on their own line in the text part", () => {
    const text = renderText(hostileDigest(), ctx);
    const lines = text.split("\n");
    expect(lines.filter((l) => l.startsWith("Unsubscribe:"))).toEqual([`Unsubscribe: ${UNSUBSCRIBE}`]);
    expect(text).not.toMatch(/\r/);
    expect(text).toContain("Walk-through <script>"); // plain text: shown as typed, never interpreted
  });

  it("shows buckets, closings, changes and the derived marker in both parts", () => {
    const g = hostileDigest();
    const text = renderText(g, ctx);
    const html = renderHtml(g, ctx);
    for (const heading of ["DUE TODAY", "LATER THIS WEEK", "CLOSINGS (1)", "SINCE YOUR LAST DIGEST"])
      expect(text).toContain(heading);
    expect(text).toContain("(derived)");
    expect(text).toMatch(/Dates marked “derived”/);
    for (const heading of ["Due today", "Later this week", "Closings (1)", "Since your last digest", ">derived<"])
      expect(html).toContain(heading);
    expect(html).toContain(`<title>${g.subject}</title>`);
  });

  it("renders the all-clear as one line", () => {
    const far = escrow({ closing_date: "2026-09-30" });
    const g = buildDigest({
      recipient: recipient(),
      date: "2026-07-01",
      escrows: [far],
      timelines: new Map(),
      previous: snapshotOf([far]),
      gone: new Map(),
      escrowUrl,
    });
    const text = renderText(g, ctx);
    expect(text).toContain("All clear: nothing due through Sun, Jul 12.");
    expect(text).not.toContain("DUE TODAY");
    expect(renderHtml(g, ctx)).toContain("All clear: nothing due through Sun, Jul 12.");
  });
});

describe("the MIME message", () => {
  const email: OutgoingEmail = {
    from: "Escrow Digest <digest@example.com>",
    to: "jordan.lee@example.com",
    toName: "Jördan Lee",
    subject: "2 deadlines today · 1 closing this week",
    html: `<p>Ünïcödé ${"x".repeat(2000)}</p>`,
    text: `Ünïcödé\n${"y".repeat(2000)}\n`,
    headers: { "List-Unsubscribe": `<${UNSUBSCRIBE}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };

  it("parses back with postal-mime: both parts, headers, UTF-8 subject, unsubscribe headers", async () => {
    const id = await messageIdFor("escrow-digest/2026-07-01/abc", email.from);
    const raw = buildMime(email, id, new Date("2026-07-01T14:00:00Z"));
    expect(raw.split(/\r?\n/).every((l) => l.length <= 998)).toBe(true);
    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.from).toMatchObject({ address: "digest@example.com", name: "Escrow Digest" });
    expect(parsed.to).toEqual([expect.objectContaining({ address: "jordan.lee@example.com", name: "Jördan Lee" })]);
    expect(parsed.messageId).toBe(id);
    expect(parsed.text).toBe(email.text);
    expect(parsed.html).toBe(email.html);
    const header = (k: string) => parsed.headers.find((h) => h.key === k)?.value;
    expect(header("list-unsubscribe")).toBe(`<${UNSUBSCRIBE}>`);
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(header("mime-version")).toBe("1.0");
    expect(header("content-type")).toMatch(/^multipart\/alternative/);
    expect(parsed.date).toBe("2026-07-01T14:00:00.000Z");
  });

  it("has a Message-ID that is stable per occurrence and on the sender's domain", async () => {
    const one = await messageIdFor("escrow-digest/2026-07-01/abc", email.from);
    expect(one).toBe(await messageIdFor("escrow-digest/2026-07-01/abc", email.from));
    expect(one).not.toBe(await messageIdFor("escrow-digest/2026-07-02/abc", email.from));
    expect(one).toMatch(/^<escrow-digest\.[0-9a-f]{32}@example\.com>$/);
  });
});

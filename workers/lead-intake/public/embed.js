// @ts-check
/*
 * ActuallyCare lead-intake embed (https://github.com/actuallycare/connectors, MIT).
 *
 * <script src="https://YOUR-WORKER/embed.js" defer></script>
 * <div data-actuallycare-form="demo"></div>   or   <actuallycare-form form="demo"></actuallycare-form>
 *
 * Loads the form's markup from the worker (one rendering for the hosted page
 * and every embed), then submits it as JSON with inline, announced errors. The
 * plain form keeps working if this script never runs. No dependency, no eval.
 */
(() => {
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  if (!script) return;
  const BASE = new URL(script.src).origin;
  const STORE = "actuallycare:first-touch";
  const TOUCH_DAYS = 90;
  const UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
  let count = 0;
  const REUSED =
    "We already received a message from this form with other details. Press Send again to send these details as a new message.";
  const RENEW = ["SUBMISSION_ID_REUSED", "FORM_EXPIRED", "SPAM_SUSPECTED"];

  /** A new submission id and signed start time for a form, from a fresh rendering of it. @param {HTMLFormElement} form */
  async function renew(form) {
    try {
      const res = await fetch(`${form.action}/fragment`, { credentials: "omit" });
      if (!res.ok) return;
      const fresh = document.createElement("template");
      fresh.innerHTML = await res.text(); // inert: a template's content is never run or loaded
      for (const name of ["submission_id", "started_at"]) {
        const from = /** @type {HTMLInputElement | null} */ (fresh.content.querySelector(`input[name=${name}]`));
        const to = /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name=${name}]`));
        if (from && to) to.value = from.value;
      }
    } catch {
      // unreachable: the message still shows, and reloading the page gives a new form
    }
  }

  /** First-touch attribution: the visit that brought the visitor, kept across page views for 90 days. */
  function firstTouch() {
    try {
      const kept = JSON.parse(localStorage.getItem(STORE) || "null");
      if (kept && Date.now() - kept.at < TOUCH_DAYS * 864e5) return kept.fields;
      const query = new URLSearchParams(location.search);
      /** @type {Record<string, string>} */
      const fields = { landing_page: location.href.slice(0, 2000) };
      if (document.referrer) fields.referrer = document.referrer.slice(0, 2000);
      for (const k of UTM) {
        const v = query.get(k);
        if (v) fields[k] = v.slice(0, 200);
      }
      localStorage.setItem(STORE, JSON.stringify({ at: Date.now(), fields }));
      return fields;
    } catch {
      return {}; // storage blocked (private mode, sandboxed iframe): attribution is a nicety
    }
  }
  const attribution = firstTouch();

  function addStyles() {
    if (document.querySelector("link[data-acf-styles]")) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = `${BASE}/form.css`;
    link.dataset.acfStyles = "";
    document.head.append(link);
  }

  /** @param {HTMLElement} host */
  async function mount(host) {
    if (host.dataset.acfMounted) return;
    host.dataset.acfMounted = "1";
    const id = host.getAttribute("form") || host.dataset.actuallycareForm || "";
    const meta = (/** @type {string} */ name) =>
      document.querySelector(`meta[name="actuallycare:${name}"]`)?.getAttribute("content") || "";
    const url = new URL(`/f/${encodeURIComponent(id)}/fragment`, BASE);
    url.searchParams.set("n", String(++count));
    const listing = host.dataset.listingId || meta("listing-id");
    const mls = host.dataset.mlsNumber || meta("mls-number");
    if (listing) url.searchParams.set("listing_id", listing);
    if (mls) url.searchParams.set("mls_number", mls);
    addStyles();
    try {
      const res = await fetch(url, { credentials: "omit" });
      if (!res.ok) throw new Error(String(res.status));
      host.innerHTML = await res.text(); // our own worker's markup, escaped server-side
    } catch {
      const a = document.createElement("a");
      a.href = `${BASE}/f/${encodeURIComponent(id)}`;
      a.textContent = "Open the contact form";
      host.replaceChildren("The contact form could not be loaded here. ", a);
      return;
    }
    const form = host.querySelector("form");
    if (form) enhance(form);
    if (host.querySelector(".cf-turnstile") && !document.querySelector("script[data-acf-turnstile]")) {
      const t = document.createElement("script");
      t.src = "https://challenges.cloudflare.com/turnstile/v0/api.js";
      t.async = true;
      t.dataset.acfTurnstile = "";
      document.head.append(t);
    }
  }

  /** @param {HTMLFormElement} form */
  function enhance(form) {
    if (form.dataset.acfEnhanced) return;
    form.dataset.acfEnhanced = "1";
    form.noValidate = true; // our own messages, from the server's rules, replace the browser's bubbles
    const button = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
    const summary = /** @type {HTMLElement} */ (form.querySelector(".acf-summary"));
    const status = /** @type {HTMLElement} */ (form.querySelector(".acf-status"));
    let busy = false;

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return; // a double click sends once; a retry later reuses the same submission id anyway
      busy = true;
      button.setAttribute("aria-disabled", "true");
      status.textContent = "Sending…";
      /** @type {Record<string, unknown>} */
      const body = { ...attribution };
      for (const [k, v] of new FormData(form)) if (typeof v === "string") body[k] = v;
      try {
        const res = await fetch(form.action, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(body),
          credentials: "omit",
        });
        const answer = await res.json().catch(() => null);
        if (res.status === 202 && answer?.success) return succeed();
        const error = answer?.error || {};
        // This view's id already carried other details (sent before an answer got lost), or its signed start time
        // is refused (too old, too fast, a rotated secret): a fresh id and token let the next Send go through.
        if (RENEW.includes(error.code)) await renew(form);
        if (error.code === "SUBMISSION_ID_REUSED") return fail(REUSED, []);
        fail(error.message || "Something went wrong. Please try again.", error.details || []);
      } catch {
        fail("We could not reach the server. Your details are still here; please try again.", []);
      } finally {
        busy = false;
        button.removeAttribute("aria-disabled");
        /** @type {any} */ (window).turnstile?.reset?.();
      }
    });

    function succeed() {
      // The agent's own thank-you page (conversion tracking) when the form has one, as without JavaScript.
      const thanks = form.dataset.acfThanks;
      if (thanks) return location.assign(thanks);
      const done = document.createElement("p");
      done.className = "acf-success";
      done.textContent = "Thank you! We received your details and will be in touch soon.";
      for (const el of Array.from(form.children)) if (el !== status) el.remove();
      status.replaceChildren(done);
      status.focus();
    }

    /**
     * @param {string} message
     * @param {Array<{field: string, message: string}>} details
     */
    function fail(message, details) {
      status.textContent = "";
      for (const el of Array.from(form.querySelectorAll("[aria-invalid]"))) {
        el.removeAttribute("aria-invalid");
        const err = form.querySelector(`#${CSS.escape(el.id)}-error`);
        if (err) err.textContent = "";
        const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((d) => d !== `${el.id}-error`);
        if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
        else el.removeAttribute("aria-describedby");
      }
      /** @type {HTMLElement | null} */
      let first = null;
      const list = document.createElement("ul");
      for (const d of details) {
        const input = /** @type {HTMLElement | null} */ (
          form.querySelector(`[name="${CSS.escape(d.field)}"]:not([type=hidden])`)
        );
        const err = input && form.querySelector(`#${CSS.escape(input.id)}-error`);
        if (!input || !err) continue;
        input.setAttribute("aria-invalid", "true");
        err.textContent = d.message;
        const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        input.setAttribute("aria-describedby", [...ids, err.id].join(" "));
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `#${input.id}`;
        link.textContent = d.message;
        item.append(link);
        list.append(item);
        first ??= input;
      }
      const p = document.createElement("p");
      p.textContent = message;
      summary.replaceChildren(p, ...(list.children.length ? [list] : []));
      (first || summary).focus();
    }
  }

  function scan() {
    for (const el of document.querySelectorAll("[data-actuallycare-form]")) mount(/** @type {HTMLElement} */ (el));
    for (const form of document.querySelectorAll("form[data-acf-form]")) enhance(/** @type {HTMLFormElement} */ (form));
  }

  if (!customElements.get("actuallycare-form")) {
    customElements.define(
      "actuallycare-form",
      class extends HTMLElement {
        connectedCallback() {
          mount(this);
        }
      },
    );
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();

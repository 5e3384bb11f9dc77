// Triggers, actions, searches and dropdowns, generated from lib/catalog.json (kept equal to the bridge's own
// registries by a test) and from the bridge's /fields and /choices at run time, so the app never describes a field
// differently from the bridge's validation.
const catalog = require("./catalog.json");

const keyOf = (name) => name.replace(/\./g, "_");

/** Zapier's input field for one of the bridge's `/fields/{action}` entries. */
const toInputField = (f) => {
  const field = { key: f.key, label: f.label, required: f.required, type: zapierType(f.type) };
  if (f.help_text) field.helpText = f.help_text;
  if (f.choices_from && !f.allows_other) field.dynamic = `choices_${f.choices_from}.id.label`;
  else if (f.choices?.length) {
    field.choices = f.choices.map((c) => ({ value: c.id, label: c.label, sample: c.id }));
    field.altersDynamicFields = false;
  }
  return field;
};

const zapierType = (t) =>
  ({ number: "number", integer: "integer", boolean: "boolean", datetime: "datetime" })[t] || "string";

/** Input fields fetched from the bridge: one source of truth for labels, types, required flags and choices. */
const fieldsFrom = (action) => async (z, _bundle) => {
  const response = await z.request({ url: `/fields/${action}` });
  return response.data.map(toInputField);
};

/** A hidden trigger per dropdown (`GET /choices/{name}`), for `dynamic` fields. */
const choiceTriggers = () =>
  Object.fromEntries(
    catalog.choices.map((name) => [
      `choices_${name}`,
      {
        key: `choices_${name}`,
        noun: "Choice",
        display: { label: `Choices: ${name}`, description: `The values of ${name}.`, hidden: true },
        operation: {
          perform: async (z) => (await z.request({ url: `/choices/${name}` })).data,
          sample: { id: "new", label: "New" },
        },
      },
    ]),
  );

const sample = (event) => ({
  id: "sample-id",
  cursor: "1",
  event,
  occurred_at: "2026-07-01T16:00:00.000Z",
  record_id: "sample-id",
});

/** Per event: an instant trigger (REST hook, samples from /samples) and a polling one (the event log, by cursor-less read). */
const eventTriggers = () => {
  const out = {};
  for (const [event, label] of catalog.events) {
    const key = keyOf(event);
    out[key] = {
      key,
      noun: label.split(" ").slice(-1)[0],
      display: { label, description: `Triggers at once when an ActuallyCare ${event} event happens.` },
      operation: {
        type: "hook",
        performSubscribe: async (z, bundle) =>
          (await z.request({ url: "/hooks", method: "POST", body: { event, target_url: bundle.targetUrl } })).data,
        performUnsubscribe: async (z, bundle) =>
          (await z.request({ url: `/hooks/${encodeURIComponent(bundle.subscribeData.id)}`, method: "DELETE" })).data,
        perform: (_z, bundle) => [bundle.cleanedRequest],
        performList: async (z) => (await z.request({ url: `/samples/${event}` })).data,
        sample: sample(event),
      },
    };
    out[`${key}_poll`] = {
      key: `${key}_poll`,
      noun: label.split(" ").slice(-1)[0],
      display: {
        label: `${label} (Polling)`,
        description: `Checks the bridge's event log for ${event} every few minutes.`,
      },
      operation: {
        perform: async (z) => (await z.request({ url: `/triggers/${event}`, params: { limit: 100 } })).data,
        sample: sample(event),
      },
    };
  }
  return out;
};

const creates = () =>
  Object.fromEntries(
    catalog.actions.map(([action, label]) => [
      action,
      {
        key: action,
        noun: label.split(" ").slice(-1)[0],
        display: { label, description: `${label} in ActuallyCare.` },
        operation: {
          inputFields: [fieldsFrom(action)],
          perform: async (z, bundle) =>
            (await z.request({ url: `/actions/${action}`, method: "POST", body: bundle.inputData })).data,
          sample: { id: "sample-id" },
        },
      },
    ]),
  );

const searches = () =>
  Object.fromEntries(
    catalog.searches.map(([name, label, param]) => [
      name,
      {
        key: name,
        noun: label.split(" ")[1],
        display: { label, description: `${label} in ActuallyCare.` },
        operation: {
          inputFields: [{ key: param, label: param.replace(/_/g, " "), required: true }],
          perform: async (z, bundle) =>
            (await z.request({ url: `/searches/${name}`, params: { [param]: bundle.inputData[param] } })).data,
          sample: { id: "sample-id" },
        },
      },
    ]),
  );

const searchOrCreates = () =>
  Object.fromEntries(
    catalog.searchOrCreate.map(([search, create]) => [
      search,
      {
        key: search,
        display: { label: `Find or Create: ${search}`, description: "Finds it, or creates it when absent." },
        search,
        create,
      },
    ]),
  );

module.exports = { eventTriggers, choiceTriggers, creates, searches, searchOrCreates, toInputField, keyOf };

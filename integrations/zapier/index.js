// The ActuallyCare bridge as a Zapier app: connect with the bridge's URL and a bridge token; triggers (instant and
// polling), actions with input fields from the bridge, searches with search-or-create, dynamic dropdowns.
const { version: platformVersion } = require("zapier-platform-core");
const { version } = require("./package.json");
const { addAuth, handleErrors } = require("./lib/http");
const { choiceTriggers, creates, eventTriggers, searchOrCreates, searches } = require("./lib/operations");

const authentication = {
  type: "custom",
  fields: [
    {
      key: "bridge_url",
      label: "Bridge URL",
      required: true,
      type: "string",
      helpText: "Where your bridge runs, e.g. https://actuallycare-bridge.your-subdomain.workers.dev",
    },
    { key: "token", label: "Bridge token", required: true, type: "password", helpText: "One of your BRIDGE_TOKENS." },
  ],
  test: async (z) => (await z.request({ url: "/me" })).data,
  connectionLabel: "{{connection_label}}",
};

module.exports = {
  version,
  platformVersion,
  authentication,
  beforeRequest: [addAuth],
  afterResponse: [handleErrors],
  triggers: { ...eventTriggers(), ...choiceTriggers() },
  creates: creates(),
  searches: searches(),
  searchOrCreates: searchOrCreates(),
};

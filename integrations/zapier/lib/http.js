// Requests to the bridge: its URL and token from the connection, and its error envelope turned into Zapier errors.

/** The bridge's base URL as the user typed it, without a trailing slash. */
const baseUrl = (bundle) => String(bundle.authData.bridge_url || "").replace(/\/+$/, "");

/** Every request carries the bridge token; relative URLs are the bridge's. */
const addAuth = (request, _z, bundle) => {
  if (request.url?.startsWith("/")) request.url = `${baseUrl(bundle)}${request.url}`;
  request.headers = { Accept: "application/json", ...request.headers };
  if (bundle.authData.token) request.headers.Authorization = `Bearer ${bundle.authData.token}`;
  return request;
};

/**
 * The bridge answers errors in an envelope with a stable code: a 401 asks the user to reconnect, a 429/503 is
 * retried by Zapier later, and anything else shows the bridge's (the API's) message and code, with the field
 * details of a validation error.
 */
const handleErrors = (response, z) => {
  if (response.status < 400) return response;
  let error = {};
  try {
    error = response.json?.error || JSON.parse(response.content).error || {};
  } catch {
    error = {};
  }
  const code = error.code || `HTTP_${response.status}`;
  const details = Array.isArray(error.details)
    ? ` (${error.details.map((d) => `${d.field}: ${d.message}`).join("; ")})`
    : "";
  const message = `${error.message || "The bridge refused the request"}${details}`;
  if (response.status === 401) throw new z.errors.ExpiredAuthError(message);
  if (response.status === 429 || response.status === 503) {
    throw new z.errors.ThrottledError(message, Number(response.getHeader("retry-after")) || 60);
  }
  throw new z.errors.Error(message, code, response.status);
};

module.exports = { addAuth, handleErrors, baseUrl };

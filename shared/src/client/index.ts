/**
 * The typed ActuallyCare API client (spec: shared/actuallycare-api.md).
 * `createClient(config)` for everything, or `createTransport` plus the groups
 * a worker needs.
 */
export { type ActuallyCareClient, clientFor, createClient } from "./create-client";
export { type ClientConfig, createTransport } from "./create-transport";
export { type PageMeta, pageMetaSchema } from "./envelope";
export { ActuallyCareError, type ErrorKind, isActuallyCareError } from "./errors";
export * from "./groups/api-keys";
export * from "./groups/appointments";
export * from "./groups/auth";
export * from "./groups/billing";
export * from "./groups/clients";
export * from "./groups/contacts";
export * from "./groups/escrows";
export * from "./groups/leads";
export * from "./groups/listings";
export * from "./groups/webhooks";
export { durationMs, JwtSession } from "./jwt-session";
export type { Clock, KVLike, Sleep } from "./kv-like";
export { DEFAULT_MAX_PAGES, type PaginateOptions, paginate } from "./paginate";
export type { Priority } from "./rate-gate";
export { numeric } from "./schema-helpers";
export { type BackoffCache, credentialScope } from "./shared-backoff";
export { SubrequestBudget } from "./subrequest-budget";
export { type AuthMode, Transport, type TransportOptions } from "./transport";

// Shared between the capture server (Node, test/global) and the tests (workerd).

/** One request the capture server received, as the sender sent it. */
export interface CapturedRequest {
  method: string;
  /** Path and query, as received. */
  path: string;
  headers: Record<string, string>;
  /** The raw body, decoded as UTF-8 (webhook bodies are JSON text). */
  body: string;
  receivedAt: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    captureUrl: string;
  }
}

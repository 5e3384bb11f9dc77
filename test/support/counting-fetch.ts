import { SELF } from "cloudflare:test";

export interface SentRequest {
  method: string;
  path: string;
  status: number | "error";
  /** The lead name of a POST /leads, to tell calls apart. */
  tag: string | null;
}

/**
 * The client's transport into the sandbox (the real path, through the
 * playground worker), recording what was sent. `ip` sets CF-Connecting-IP so
 * each test file has its own rate-limit buckets.
 */
export function countingFetch(ip: string, sent: SentRequest[] = []) {
  const fetch = async (request: Request): Promise<Response> => {
    const body = request.method === "POST" ? await request.clone().text() : "";
    const tag = body ? ((JSON.parse(body) as { name?: string }).name ?? null) : null;
    const headers = new Headers(request.headers);
    headers.set("CF-Connecting-IP", ip);
    const record: SentRequest = { method: request.method, path: new URL(request.url).pathname, status: "error", tag };
    sent.push(record);
    const response = await SELF.fetch(new Request(request, { headers }));
    record.status = response.status;
    return response;
  };
  return { fetch, sent };
}

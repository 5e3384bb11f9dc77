import type { DriftFixture, PaginateFixture } from "./fixture-types";

/** More requests than any fixture needs: a client that keeps paging is stopped here, and the test fails. */
const MAX_REQUESTS = 25;

export interface Answer {
  status: number;
  body: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A request the fake server saw: method, path and `page` query parameter. */
export interface Seen {
  method: string;
  path: string;
  page: string | null;
}

function respond(a: Answer): Response {
  const raw = a.rawBody !== undefined;
  const headers = new Headers(a.headers);
  headers.set("Content-Type", raw ? "text/html; charset=utf-8" : "application/json; charset=utf-8");
  return new Response(raw ? a.rawBody : JSON.stringify(a.body), { status: a.status, headers });
}

/** The fake API: `answer` decides each response; every request is recorded, and a runaway client is cut off. */
function fakeServer(answer: (request: Request, url: URL) => Answer) {
  const seen: Seen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    seen.push({ method: request.method, path: url.pathname, page: url.searchParams.get("page") });
    if (seen.length > MAX_REQUESTS) throw new Error(`drift: more than ${MAX_REQUESTS} requests; stopped`);
    return respond(answer(request, url));
  };
  return { fetch, seen };
}

/**
 * Answers every request with the fixture, except the login a JWT-only call makes first, which gets `login`
 * (unless the fixture itself is the login under test).
 */
export function fixtureServer(fixture: DriftFixture, login: DriftFixture) {
  return fakeServer((request, url) => {
    const isLogin = request.method === "POST" && url.pathname.endsWith("/auth/login");
    return isLogin && fixture.operation !== "auth.login" ? login : fixture;
  });
}

/** Serves a paginate fixture's pages by the `page` asked (or the first one whatever is asked). */
export function pagesServer(fixture: PaginateFixture) {
  return fakeServer((_request, url) => {
    const page = Number(url.searchParams.get("page") ?? "1");
    const body =
      fixture.serve === "ignore-page"
        ? fixture.pages[0]
        : page <= fixture.pages.length
          ? fixture.pages[page - 1]
          : fixture.pastEnd;
    return { status: 200, body };
  });
}

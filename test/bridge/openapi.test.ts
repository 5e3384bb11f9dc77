import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { ACTION_INPUTS } from "../../workers/bridge/src/actions/action-schemas";
import worker from "../../workers/bridge/src/index";
import { bridgeRouteDocs } from "../../workers/bridge/src/openapi/bridge-routes";
import { jsonSchema, openApiDocument } from "../../workers/bridge/src/openapi/document";
import { bridge } from "./bridge-helpers";

const served = async () => (await bridge("/openapi.json", { token: null })).body;

describe("GET /openapi.json", () => {
  it("is public and is the document the Node test validates (openapi.node-test.ts)", async () => {
    const doc = await served();
    expect(doc).toEqual(openApiDocument(bridgeRouteDocs(), "http://localhost:8789"));
    expect(doc.openapi).toBe("3.1.0");
  });

  it("describes every route the app serves", async () => {
    const doc = await served();
    const app = (worker as unknown as { app?: Hono }).app;
    expect(app).toBeInstanceOf(Hono);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const routes = (app as Hono).routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      // A parameterised route is documented once per value (one operation per event, action and search).
      const pattern = new RegExp(`^${route.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`);
      expect(
        [...documented].some((d) => pattern.test(d)),
        route,
      ).toBe(true);
    }
  });

  it("carries the actions' input schemas as the handlers validate them, labels included", async () => {
    const doc = await served();
    const body = doc.paths["/actions/create_lead"].post.requestBody.content["application/json"].schema;
    expect(body).toEqual(jsonSchema(ACTION_INPUTS.create_lead, "input"));
    expect(body.required).toEqual(["name"]);
    expect(body.properties.status.enum).toContain("qualified");
    expect(body.properties.name.title).toBe("Full name");
  });
});

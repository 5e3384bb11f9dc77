// In Node, not workerd: the validator reads the OpenAPI meta-schemas from disk and compiles them (Ajv), which
// workerd does not allow. The workerd test (openapi.test.ts) checks the worker serves exactly this document.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { bridgeRouteDocs } from "../../workers/bridge/src/openapi/bridge-routes";
import { openApiDocument } from "../../workers/bridge/src/openapi/document";

describe("the bridge's OpenAPI document", () => {
  it("is valid OpenAPI 3.1 by an independent validator", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument(bridgeRouteDocs(), "http://localhost:8789"));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("fails that validator when broken, so the check above can fail", async () => {
    const doc = openApiDocument(bridgeRouteDocs(), "http://localhost:8789") as any;
    doc.paths["/me"].get.responses = { "200": { content: {} } };
    const result = await new Validator().validate(doc);
    expect(result.valid).toBe(false);
  });
});

import babelTrim from "@babel/runtime-corejs3/core-js/instance/trim";
import babelDefineProperty from "@babel/runtime-corejs3/helpers/esm/defineProperty";
import { describe, expect, it } from "vitest";
import defineProperty from "../../workers/escrow-digest/src/render/babel-shims/define-property";
import trim from "../../workers/escrow-digest/src/render/babel-shims/trim";

// The deployed bundle replaces these two helpers (wrangler.toml [alias]); they must behave as the originals
// do for what mimetext passes them.
describe("the shims bundled for mimetext's Babel helpers", () => {
  it("trim returns the method mimetext calls", () => {
    for (const s of ["  Jordan Lee <jordan@example.com>  ", "\t\n", "plain"]) {
      expect(trim(s).call(s)).toBe(babelTrim(s).call(s));
    }
  });

  it("defineProperty makes the same own property as Babel's helper", () => {
    const a = defineProperty({}, "name", "x");
    const b = babelDefineProperty({}, "name", "x");
    expect(Object.getOwnPropertyDescriptor(a, "name")).toEqual(Object.getOwnPropertyDescriptor(b, "name"));
    class Base {
      name = "base";
    }
    const sub = defineProperty(new Base(), "name", "sub");
    expect(Object.getOwnPropertyDescriptor(sub, "name")).toEqual(
      Object.getOwnPropertyDescriptor(babelDefineProperty(new Base(), "name", "sub"), "name"),
    );
  });
});

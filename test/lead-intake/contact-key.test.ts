import { describe, expect, it } from "vitest";
import { submissionSchema } from "../../workers/lead-intake/src/submission/submission-schema";
import { contactKey } from "../../workers/lead-intake/src/submission/to-lead";
import { demoForm } from "./intake-helpers";

const keyOf = (values: Record<string, unknown>) =>
  contactKey(submissionSchema(demoForm()).parse({ submission_id: crypto.randomUUID(), name: "A", ...values }));

describe("the dedupe key of a submission", () => {
  it("is the email, in any case, when there is one", () => {
    expect(keyOf({ email: "Dana@Example.com", phone: "661-555-0117" })).toBe("email:dana@example.com");
  });

  it("is the phone's digits otherwise, with or without the North American country code", () => {
    const keys = ["(661) 555-0117", "+1 661 555 0117", "1-661-555-0117", "661.555.0117"].map((phone) =>
      keyOf({ phone }),
    );
    expect(new Set(keys)).toEqual(new Set(["phone:6615550117"]));
    expect(keyOf({ phone: "+44 20 7946 0018" })).toBe("phone:442079460018");
  });
});

import * as z from "zod";
import { email, lowerEnum } from "../http/validate";

export const SIGNUP_ROLES = ["agent", "broker", "lender", "vendor"] as const;
export const EMAIL_KINDS = ["personal", "work", "offers"] as const;

/** At least 8 characters with an uppercase letter and a digit (spec §2.3). */
export const password = z
  .string({ message: "Password is required" })
  .min(8, "Password must be at least 8 characters")
  .max(128, "Password must be at most 128 characters")
  .regex(/[A-Z]/, "Password must contain an uppercase letter")
  .regex(/\d/, "Password must contain a digit");

const personName = (label: string) =>
  z
    .string({ message: `${label} is required` })
    .min(1, `${label} is required`)
    .max(100, `${label} must be at most 100 characters`);

/** `POST /auth/register`; email and username are stored lowercase. */
export const registerSchema = z.object({
  email: z.string({ message: "Email is required" }).pipe(email),
  username: z
    .string({ message: "Username is required" })
    .min(3, "Username must be at least 3 characters")
    .max(30, "Username must be at most 30 characters")
    .regex(/^[A-Za-z0-9_]+$/, "Username may contain only letters, digits and underscores")
    .transform((s) => s.toLowerCase()),
  password,
  firstName: personName("First name"),
  lastName: personName("Last name"),
  role: lowerEnum(SIGNUP_ROLES).default("agent"),
  emailKind: lowerEnum(EMAIL_KINDS).optional(),
  phone: z.string().max(40, "Phone must be at most 40 characters").optional().nullable(),
  smsConsent: z.boolean({ message: "Expected a boolean" }).optional().nullable(),
});

/** An IANA time zone the runtime knows, e.g. `America/Los_Angeles`. */
const timezone = z
  .string()
  .min(1, "Timezone is required")
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Unknown time zone");

/** `PUT /auth/profile`: every field optional; `null` clears the home and licence settings. `email` is not here, so it is ignored. */
export const profileUpdateSchema = z.object({
  firstName: personName("First name").optional(),
  lastName: personName("Last name").optional(),
  timezone: timezone.optional(),
  homeCity: z.string().max(100, "Must be at most 100 characters").nullable().optional(),
  homeState: z.string().max(50, "Must be at most 50 characters").nullable().optional(),
  homeZip: z.string().max(10, "Must be at most 10 characters").nullable().optional(),
  homeLat: z.number({ message: "Expected a number" }).min(-90).max(90).nullable().optional(),
  homeLng: z.number({ message: "Expected a number" }).min(-180).max(180).nullable().optional(),
  licensedStates: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z]{2}$/, "Expected a two-letter state code")
        .transform((s) => s.toUpperCase()),
      { message: "Expected an array of state codes" },
    )
    .max(60)
    .transform((a) => [...new Set(a)])
    .nullable()
    .optional(),
  searchRadiusMiles: z
    .number({ message: "Expected a number" })
    .positive("Must be positive")
    .max(500)
    .nullable()
    .optional(),
  currentPassword: z.string().optional(),
  newPassword: password.optional(),
});

export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

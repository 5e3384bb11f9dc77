/**
 * The one zod import of `shared/` and `workers/`: `zod/mini` (tree-shakeable
 * functions, no JSON-Schema export, about a third of classic zod's bundle) with
 * zod's English messages configured once, so error details read exactly as
 * classic zod's did. Import `* as z from "@actuallycare/shared/zod"`; a lint
 * rule forbids importing `zod` or `zod/mini` directly (one missed import would
 * silently bring classic zod back, or lose the messages).
 */
import { en } from "zod/locales";
import * as z from "zod/mini";

z.config(en());

export * from "zod/mini";

import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startPlaygroundAndLeadIntake } from "./local-workers";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

declare module "vitest" {
  export interface ProvidedContext {
    playgroundUrl: string;
    intakeUrl: string;
    fixtureApiKey: string;
  }
}

/** Vitest globalSetup of the browser project: Debian's Chromium must be there, then the two workers start. */
export default async function setup(project: TestProject): Promise<() => void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH.`,
    );
  }
  const workers = await startPlaygroundAndLeadIntake();
  project.provide("playgroundUrl", workers.playgroundUrl);
  project.provide("intakeUrl", workers.intakeUrl);
  project.provide("fixtureApiKey", workers.apiKey);
  return () => workers.stop();
}

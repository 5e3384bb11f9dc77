import type { TestProject } from "vitest/node";
import { type ChromiumLaunch, resolveChromium } from "./chromium-path";
import { startLocalWorkers } from "./local-workers";

declare module "vitest" {
  export interface ProvidedContext {
    playgroundUrl: string;
    intakeUrl: string;
    digestUrl: string;
    digestOperatorToken: string;
    fixtureApiKey: string;
    chromium: ChromiumLaunch;
  }
}

/** Vitest globalSetup of the browser project: find (or unpack) a Chromium that runs, then start the workers. */
export default async function setup(project: TestProject): Promise<() => void> {
  const chromium = await resolveChromium();
  console.log(`browser tests: ${chromium.description}`);
  project.provide("chromium", chromium);
  const workers = await startLocalWorkers();
  project.provide("playgroundUrl", workers.playgroundUrl);
  project.provide("intakeUrl", workers.intakeUrl);
  project.provide("digestUrl", workers.digestUrl);
  project.provide("digestOperatorToken", workers.digestOperatorToken);
  project.provide("fixtureApiKey", workers.apiKey);
  return () => workers.stop();
}

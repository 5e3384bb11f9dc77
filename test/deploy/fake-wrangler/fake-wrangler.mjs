// A stand-in for wrangler in the deploy tests: no network, no Cloudflare. It
// records every call (argv, stdin, the config it was given) to $FAKE_WRANGLER_LOG
// and answers from an account kept in $FAKE_WRANGLER_STATE (JSON), in wrangler
// 4's own output formats (test/deploy/fixtures/wrangler-output/ has recorded
// samples): tables where wrangler prints tables, JSON where it prints JSON, its
// error texts where it fails. Creating something changes the account, so a
// later list sees it, and `deploy` refuses what the real one refuses (a queue
// that does not exist, a required secret not set).
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";

const argv = process.argv.slice(2);
const stateFile = process.env.FAKE_WRANGLER_STATE;
const state = JSON.parse(readFileSync(stateFile, "utf8"));
const stdin = process.stdin.isTTY ? "" : readFileSync(0, "utf8");
const positional = argv.filter((a, i) => !a.startsWith("-") && !["-c", "--config"].includes(argv[i - 1]));
const key = positional.slice(0, 2).join(" ");
const configPath = argv[argv.indexOf("-c") + 1];

function readConfig() {
  const text = readFileSync(configPath, "utf8");
  if (configPath.endsWith(".toml")) return { name: text.match(/^name\s*=\s*"([^"]+)"/m)?.[1] };
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, ""));
}
const config = argv.includes("-c") ? readConfig() : null;
appendFileSync(process.env.FAKE_WRANGLER_LOG, `${JSON.stringify({ argv, stdin, config })}\n`);

const save = () => writeFileSync(stateFile, JSON.stringify(state, null, 2));
const out = (text) => process.stdout.write(`${text}\n`);
const fail = (text, status = 1) => {
  process.stderr.write(`\n✘ [ERROR] ${text}\n\n`);
  process.exit(status);
};
const apiFail = (path, text) =>
  fail(`A request to the Cloudflare API (/accounts/${state.accounts[0]?.id}${path}) failed.\n\n  ${text}`);
const banner = () => out(`\n ⛅️ wrangler 4.164.0\n${"─".repeat(20)}`);
const id = (n) => `${n.toString(16).padStart(8, "0")}a1b2c3d4e5f60718293a4b5c`.slice(0, 32);

/** cli-table3 as wrangler configures it: box drawing, one space of padding, a rule between rows. */
function table(rows) {
  if (rows.length === 0) return "";
  const head = Object.keys(rows[0]);
  const cells = [head, ...rows.map((r) => head.map((h) => String(r[h])))];
  const widths = head.map((_, i) => Math.max(...cells.map((c) => c[i].length)) + 2);
  const rule = (l, m, r) => l + widths.map((w) => "─".repeat(w)).join(m) + r;
  const line = (c) => `│${c.map((v, i) => ` ${v.padEnd(widths[i] - 2)} `).join("│")}│`;
  return [
    rule("┌", "┬", "┐"),
    ...cells.flatMap((c, i) => (i === 0 ? [line(c)] : [rule("├", "┼", "┤"), line(c)])),
    rule("└", "┴", "┘"),
  ].join("\n");
}

const failure = state.failures?.[key];
if (failure) {
  if (failure.once) {
    delete state.failures[key];
    save();
  }
  process.stdout.write(failure.stdout ?? "");
  process.stderr.write(failure.stderr ?? "");
  process.exit(failure.status ?? 1);
}
if (key !== "whoami" && !state.loggedIn) {
  fail(
    "In a non-interactive environment, it's necessary to set a CLOUDFLARE_API_TOKEN environment variable for wrangler to work.",
  );
}
const worker = () => state.workers[config?.name];

switch (key) {
  case "whoami":
    if (!state.loggedIn) {
      out(JSON.stringify({ loggedIn: false }));
      process.exit(1);
    }
    out(
      JSON.stringify(
        {
          loggedIn: true,
          authType: "OAuth Token",
          email: "agent@example.com",
          accounts: state.accounts,
          tokenPermissions: ["account:read", "workers:write"],
        },
        null,
        4,
      ),
    );
    break;
  case "queues list":
    banner();
    out(
      table(
        state.queues.map((q) => ({
          id: q.id,
          name: q.name,
          created_on: "2026-11-20T10:00:00.000Z",
          modified_on: "2026-11-20T10:00:00.000Z",
          producers: "0",
          consumers: "0",
        })),
      ),
    );
    break;
  case "queues create": {
    const name = positional[2];
    banner();
    if (state.queues.some((q) => q.name === name)) {
      apiFail(
        "/queues",
        `Queue name '${name}' is already taken. Please use a different name and try again. [code: 11009]`,
      );
    }
    state.queues.push({ id: id(state.queues.length + 1), name });
    save();
    out(`🌀 Creating queue '${name}'\n✅ Created queue '${name}'`);
    break;
  }
  case "d1 list":
    out(
      JSON.stringify(
        state.d1.map((d) => ({
          uuid: d.uuid,
          name: d.name,
          created_at: "2026-11-20T10:00:00.000Z",
          version: "production",
          num_tables: 0,
          file_size: 12288,
        })),
        null,
        2,
      ),
    );
    break;
  case "d1 create": {
    const name = positional[2];
    banner();
    if (state.d1.some((d) => d.name === name)) fail("A database with that name already exists");
    const uuid = `d1d1d1d1-0000-4000-8000-${String(state.d1.length + 1).padStart(12, "0")}`;
    state.d1.push({ uuid, name });
    save();
    out(
      `✅ Successfully created DB '${name}' in region WNAM\n\n{\n  "d1_databases": [\n    {\n      "binding": "DB",\n      "database_name": "${name}",\n      "database_id": "${uuid}"\n    }\n  ]\n}`,
    );
    break;
  }
  case "kv namespace": {
    const verb = positional[2];
    if (verb === "list") {
      out(
        JSON.stringify(
          state.kv.map((n) => ({ id: n.id, title: n.title, supports_url_encoding: true })),
          null,
          "  ",
        ),
      );
      break;
    }
    const title = positional[3];
    banner();
    out(`Resource location: remote\n\n🌀 Creating namespace with title "${title}"`);
    if (state.kv.some((n) => n.title === title)) {
      fail(
        `A KV namespace with the title "${title}" already exists.\n\nYou can list existing namespaces with their IDs by running:\n  wrangler kv namespace list`,
      );
    }
    const nsId = id(0xc0ffee + state.kv.length);
    state.kv.push({ id: nsId, title });
    save();
    out(
      `✨ Success!\nTo access your new KV Namespace in your Worker, add the following snippet to your configuration file:\n[[kv_namespaces]]\nbinding = "${title}"\nid = "${nsId}"`,
    );
    break;
  }
  case "secret list":
    if (!worker()) {
      fail(
        `Worker "${config.name}" not found.\n\nIf this is a new Worker, run \`wrangler deploy\` first to create it.\nOtherwise, check that the Worker name is correct and you're logged into the right account.`,
      );
    }
    out(
      JSON.stringify(
        worker().secrets.map((name) => ({ name, type: "secret_text" })),
        null,
        "  ",
      ),
    );
    break;
  case "secret put": {
    banner();
    const name = positional[2];
    if (!worker()) {
      out(
        `? There doesn't seem to be a Worker called "${config.name}". Do you want to create a new Worker with that name and add secrets to it?\n🤖 Using fallback value in non-interactive context: yes\n🌀 Creating new Worker "${config.name}"...`,
      );
      state.workers[config.name] = { secrets: [], deployed: false };
    }
    if (!worker().secrets.includes(name)) worker().secrets.push(name);
    save();
    out(`🌀 Creating the secret for the Worker "${config.name}"\n✨ Success! Uploaded secret ${name}`);
    break;
  }
  case "d1 migrations": {
    banner();
    const binding = positional[3];
    const db = (config.d1_databases ?? []).find((d) => d.binding === binding || d.database_name === binding);
    if (!db?.database_id || !state.d1.some((d) => d.uuid === db.database_id)) {
      fail(`Couldn't find a D1 DB with the name or binding '${binding}' in your ${configPath} file.`);
    }
    out(
      `Resource location: remote\n\nMigrations to be applied:\n${table([{ Name: "0001_init.sql" }])}\n✅ Migrations applied`,
    );
    break;
  }
  case "deploy": {
    banner();
    for (const q of [...(config.queues?.producers ?? []), ...(config.queues?.consumers ?? [])]) {
      if (!state.queues.some((x) => x.name === q.queue))
        fail(`Queue "${q.queue}" does not exist. To create it, run: wrangler queues create ${q.queue}`);
    }
    // What would make real wrangler provision a namespace of its own per Worker: refused here, so a test notices.
    for (const k of config.kv_namespaces ?? []) {
      if (!k.id)
        fail(`fake wrangler: KV binding ${k.binding} has no id (wrangler would provision one for this Worker alone)`);
    }
    const missing = (config.secrets?.required ?? []).filter((s) => !worker()?.secrets.includes(s));
    if (missing.length > 0) fail(`The following required secrets have not been set: ${missing.join(", ")}`);
    state.workers[config.name] = { ...worker(), deployed: true };
    save();
    const url = state.deployUrl ?? `https://${config.name}.agent.workers.dev`;
    out(
      `Total Upload: 340.52 KiB / gzip: 77.22 KiB\nUploaded ${config.name} (3.1 sec)\nDeployed ${config.name} triggers (0.9 sec)\n  ${url}\nCurrent Version ID: 0f1e2d3c-0000-4000-8000-000000000001`,
    );
    if (process.env.WRANGLER_OUTPUT_FILE_PATH) {
      appendFileSync(
        process.env.WRANGLER_OUTPUT_FILE_PATH,
        `${JSON.stringify({ type: "wrangler-session", version: 1, wrangler_version: "4.164.0" })}\n`,
      );
      appendFileSync(
        process.env.WRANGLER_OUTPUT_FILE_PATH,
        `${JSON.stringify({ type: "deploy", version: 1, worker_name: config.name, targets: [url] })}\n`,
      );
    }
    break;
  }
  default:
    fail(`the fake wrangler does not know \`wrangler $argv.join(" ")\``);
}

/**
 * Write `docs/scripts.md`, the flag reference of every task in `deno.json` that runs a script:
 * each script's own `--help`, so the reference cannot drift from the flags the scripts accept.
 *
 *   deno task docs
 *
 * @module
 */
import { writeFileAtomic } from "../lib/io/atomic.ts";

const config = JSON.parse(await Deno.readTextFile("deno.json"));
const tasks = Object.entries(config.tasks as Record<string, string>)
  .filter(([name, command]) =>
    /^(repro|bench):/.test(name) && / scripts\/\S+\.ts|bench\/\S+\/main\.ts/.test(command) &&
    !command.includes("deno bench")
  );

const parts = [
  "# Scripts and their flags",
  "",
  "Written by `deno task docs` from each script's `--help`.",
  "",
];
for (const [name, command] of tasks) {
  const script = command.match(/\S+\.ts/)?.[0];
  if (!script) continue;
  const run = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-webgpu", script, "--help"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(run.stdout).trim() ||
    new TextDecoder().decode(run.stderr).trim();
  if (!run.success) throw new Error(`${script} --help failed (exit ${run.code}):\n${text}`);
  parts.push(`## \`deno task ${name}\``, "", "```", text, "```", "");
}
await writeFileAtomic("docs/scripts.md", parts.join("\n"));
console.error(`docs: wrote docs/scripts.md (${tasks.length} tasks)`);

import assert from "node:assert/strict";
import { checkWritableFolder, MAX_SEED, parseScriptArgs, startScript } from "../repro/cli.ts";

Deno.test("a negative number is a bad value for its flag, not an ambiguous argument", () => {
  for (const bad of ["-3", "-0.5"]) {
    assert.throws(
      () => parseScriptArgs("ksparse", ["--epochs", bad]),
      new RegExp(`--epochs must be an integer >= 1, got "${bad.replace(".", "\\.")}"`),
    );
  }
  assert.throws(() => parseScriptArgs("ksparse", ["--seed", "-1"]), /--seed must be an integer/);
});

Deno.test("a seed beyond 32 bits is refused instead of wrapping around", () => {
  assert.equal(parseScriptArgs("ksparse", ["--seed", String(MAX_SEED)]).seed, MAX_SEED);
  assert.throws(
    () => parseScriptArgs("ksparse", ["--seed", "4294967297"]),
    /--seed must be an integer in \[0, 4294967295\], got "4294967297"/,
  );
});

Deno.test("an empty --out or --checkpoints is refused with an example path", () => {
  assert.throws(() => parseScriptArgs("ksparse", ["--out", ""]), /--out must name a folder/);
  assert.throws(
    () => parseScriptArgs("ksparse", ["--checkpoints=", "--preset", "smoke"]),
    /--checkpoints must name a folder, got an empty string: pass a path such as data\/cache/,
  );
});

Deno.test("an --out that is a file or cannot be written fails before any work", async () => {
  const file = await Deno.makeTempFile();
  await assert.rejects(
    () => startScript("ksparse", ["--out", file, "--backend", "cpu"]),
    new RegExp(`--out ${file} is a file, not a folder`),
  );
  const dir = await Deno.makeTempDir();
  await Deno.chmod(dir, 0o500);
  try {
    const writable = await Deno.makeTempFile({ dir }).then(() => true, () => false);
    if (!writable) { // root ignores permission bits: only check where they bind
      await assert.rejects(
        () => checkWritableFolder("out", `${dir}/sub`),
        /--out .* cannot be written .*: pass a folder you can write to/,
      );
    }
  } finally {
    await Deno.chmod(dir, 0o700);
  }
  const fresh = `${await Deno.makeTempDir()}/a/b`;
  await checkWritableFolder("out", fresh);
  assert.ok((await Deno.stat(fresh)).isDirectory, "a missing folder is created");
});

Deno.test("killing the deno task that started a script (kill -9) stops the script too", async () => {
  const out = await Deno.makeTempDir();
  const task = new Deno.Command(Deno.execPath(), {
    args: [
      "task",
      "repro:ksparse",
      "--preset",
      "paper",
      "--backend",
      "cpu",
      "--out",
      out,
      "--checkpoints",
      `${out}/ckpt`,
    ],
    cwd: new URL("..", import.meta.url).pathname,
    stdout: "null",
    stderr: "null",
  }).spawn();
  // wait for the script under the task to start training
  let child = "";
  for (let i = 0; i < 100 && !child; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const ps = await new Deno.Command("pgrep", { args: ["-P", String(task.pid)], stdout: "piped" })
      .output();
    child = new TextDecoder().decode(ps.stdout).trim().split("\n")[0];
  }
  assert.ok(child, "the task started no script");
  await new Promise((r) => setTimeout(r, 3000));
  task.kill("SIGKILL");
  await task.status;
  let alive = true;
  for (let i = 0; i < 60 && alive; i++) {
    await new Promise((r) => setTimeout(r, 500));
    alive = await Deno.stat(`/proc/${child}`).then(() => true, () => false);
  }
  if (alive) Deno.kill(Number(child), "SIGKILL");
  assert.ok(!alive, `the script ${child} kept running after its task was killed`);
});

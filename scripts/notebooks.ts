/**
 * Re-execute every notebook under `notebooks/` in its committed mode (`REPRO_PRESET` unset: it
 * shows the committed tables and figures under `results/`, training nothing) and save the
 * outputs into the notebook files, so that a reader sees every table and figure without
 * running anything.
 *
 *   deno task notebooks [NAME.ipynb ...]
 *
 * Needs Debian's Jupyter stack for `/usr/bin/python3` (`python3-nbconvert python3-nbclient
 * python3-ipykernel jupyter-client`) and the Deno kernel (`deno jupyter --install`).
 *
 * @module
 */
const PYTHON = "/usr/bin/python3";
const dir = new URL("../notebooks/", import.meta.url).pathname;
const names = Deno.args.length
  ? Deno.args
  : [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();

const env: Record<string, string> = {
  ...Deno.env.toObject(),
  PYDEVD_DISABLE_FILE_VALIDATION: "1",
};
delete env.REPRO_PRESET;
let failed = 0;
for (const name of names) {
  console.error(`notebooks: executing ${name} (committed results)`);
  const run = await new Deno.Command(PYTHON, {
    args: [
      "-Xfrozen_modules=off",
      "-m",
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--inplace",
      "--ExecutePreprocessor.timeout=600",
      name,
    ],
    cwd: dir,
    env,
    clearEnv: true,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!run.success) {
    failed++;
    console.error(
      `notebooks: ${name} failed (exit ${run.code}); is Jupyter installed for ${PYTHON} ` +
        `(apt-get install python3-nbconvert python3-nbclient python3-ipykernel jupyter-client) ` +
        `and the Deno kernel (deno jupyter --install)?`,
    );
  }
}
Deno.exit(failed ? 1 : 0);

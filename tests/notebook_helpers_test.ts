import { deepStrictEqual, match, ok, rejects, strictEqual } from "node:assert";
import { fileURLToPath as fromFileUrl } from "node:url";
import { executeNotebook, outputText } from "./notebook_helpers.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url)).replace(/\/$/, "");
const FIXTURE = fromFileUrl(new URL("./fixtures/progress.ipynb", import.meta.url));

/** Writes a one-notebook directory with the given code cells; returns the notebook's path. */
async function scratchNotebook(sources: string[], kernel = "deno"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "notebook-test-" });
  const path = `${dir}/scratch.ipynb`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      cells: sources.map((source, i) => ({
        cell_type: "code",
        execution_count: null,
        id: `cell${i}`,
        metadata: {},
        outputs: [],
        source,
      })),
      metadata: { kernelspec: { display_name: kernel, language: "typescript", name: kernel } },
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  return path;
}

Deno.test("the progress display of a notebook is updated in place to the final epoch", async () => {
  const before = await Deno.readTextFile(FIXTURE);
  const result = await executeNotebook(FIXTURE, { timeoutSeconds: 120 });
  strictEqual(await Deno.readTextFile(FIXTURE), before, "the fixture itself is left unchanged");

  const run = result.cells.find((cell) => cell.id === "run");
  ok(run, "the fixture has a cell with id run");
  strictEqual(run.outputs.length, 1, JSON.stringify(run.outputs));
  const [display] = run.outputs;
  strictEqual(display.output_type, "display_data");
  deepStrictEqual(outputText(display).split("\n"), [
    "fixture  epoch 1/3  loss 0.25  val 0.5  k=40  400 samples/s  0:00:02 left",
    "fixture  epoch 2/3  loss 0.125  val 0.4  k=30  400 samples/s  0:00:01 left",
    "fixture  epoch 3/3  loss 0.08333  val 0.3  k=20  400 samples/s  0:00:00 left",
    "fixture  done in 0:00:01",
  ]);
  const html = outputText(display, "text/html");
  ok(html.includes('<progress value="1.0000" max="1"'), html);
  ok(html.includes("fixture  epoch 3/3  loss 0.08333"), html);

  const after = result.cells.find((cell) => cell.id === "after");
  strictEqual(after?.outputs[0].output_type, "execute_result");
  strictEqual(outputText(after.outputs[0]), '"fixture-progress"');
});

Deno.test("executeNotebook starts the kernel in cwd, where relative imports resolve", async () => {
  const path = await scratchNotebook([
    "console.log(Deno.cwd());",
    'const { silentProgress } = await import("./lib/train/progress.ts");\ntypeof silentProgress',
  ]);
  try {
    const result = await executeNotebook(path, { cwd: ROOT, timeoutSeconds: 60 });
    strictEqual(outputText(result.cells[0].outputs[0]), `${ROOT}\n`);
    strictEqual(outputText(result.cells[1].outputs[0]), '"function"');
  } finally {
    await Deno.remove(path.replace(/\/scratch\.ipynb$/, ""), { recursive: true });
  }
});

Deno.test("executeNotebook reports a failing cell with nbconvert's stderr", async () => {
  const path = await scratchNotebook(['throw new Error("boom in a cell");']);
  try {
    await rejects(executeNotebook(path, { timeoutSeconds: 60 }), (error: Error) => {
      match(error.message, /^Notebook .*scratch\.ipynb failed \(nbconvert exit code 1\):\n/);
      match(error.message, /boom in a cell/);
      return true;
    });
  } finally {
    await Deno.remove(path.replace(/\/scratch\.ipynb$/, ""), { recursive: true });
  }
});

Deno.test("executeNotebook names the install command of a missing kernel", async () => {
  const path = await scratchNotebook(["1"], "no-such-kernel");
  try {
    await rejects(
      executeNotebook(path),
      /Jupyter kernel "no-such-kernel" is not installed \(found: .*deno.*\): run deno jupyter --install --name no-such-kernel/,
    );
  } finally {
    await Deno.remove(path.replace(/\/scratch\.ipynb$/, ""), { recursive: true });
  }
});

/**
 * Runs Jupyter notebooks on the Deno kernel headless, for end-to-end tests.
 *
 * Uses Debian's Jupyter stack, which belongs to `/usr/bin/python3` (the `python3` first on PATH
 * may be another interpreter that does not see it), and nbconvert's `ExecutePreprocessor`: the
 * same engine as `/usr/bin/python3 -m nbconvert --to notebook --execute nb.ipynb`.
 *
 * Facts about the Deno kernel (Deno 2.9.6) that shape notebooks:
 * - relative imports in a cell resolve against the kernel's working directory, not the notebook
 *   file; nbconvert and Jupyter start the kernel in the notebook's directory;
 * - `deno.json` (import map, npm pins) is found by walking up from that directory.
 *
 * @module
 */
import assert from "node:assert/strict";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The interpreter that owns Debian's Jupyter packages. */
export const PYTHON = "/usr/bin/python3";

const APT_HINT =
  "apt-get install python3-nbconvert python3-nbclient python3-ipykernel jupyter-client";

/** One output of a code cell; multi-line strings of the file are joined. */
export interface NotebookOutput {
  /** `stream`, `display_data`, `execute_result` or `error`. */
  output_type: string;
  /** Stream name (`stdout`, `stderr`) of a stream output. */
  name?: string;
  /** Text of a stream output. */
  text?: string;
  /** MIME bundle of a display or result; text types as one string. */
  data?: Record<string, unknown>;
  /** Output metadata. */
  metadata?: Record<string, unknown>;
  /** Execution count of an `execute_result`. */
  execution_count?: number | null;
  /** Error name of an `error` output. */
  ename?: string;
  /** Error value of an `error` output. */
  evalue?: string;
  /** Traceback lines of an `error` output. */
  traceback?: string[];
}

/** One cell of an executed notebook. */
export interface NotebookCell {
  /** `code`, `markdown` or `raw`. */
  cell_type: string;
  /** Cell id (nbformat 4.5). */
  id?: string;
  /** Source text, joined. */
  source: string;
  /** Outputs of a code cell; empty for other cells. */
  outputs: NotebookOutput[];
  /** Execution count of a code cell. */
  execution_count?: number | null;
  /** Cell metadata. */
  metadata: Record<string, unknown>;
}

/** An executed notebook. */
export interface NotebookResult {
  /** Absolute path of the source notebook. */
  path: string;
  /** Cells with their outputs. */
  cells: NotebookCell[];
  /** Notebook metadata (kernelspec, language_info). */
  metadata: Record<string, unknown>;
  /** What nbconvert wrote to stderr. */
  stderr: string;
}

/** Options of {@link executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Seconds each cell may run (nbconvert's `ExecutePreprocessor.timeout`). Default 300. */
  timeoutSeconds?: number;
  /** Working directory of the kernel. Default: the notebook's directory, as in Jupyter. */
  cwd?: string;
}

// Executes a notebook with nbconvert's ExecutePreprocessor and writes it out, even after an error.
// Deno 2.9.6's kernel can publish a cell's outputs (stream, execute_result, display updates) just
// after the cell's idle status, and nbclient stops listening at idle, so outputs would be lost at
// random. After idle, this runner keeps taking the cell's messages until IOPub is quiet for
// GRACE seconds (a private nbclient 0.7 method, hence the fallback when it is missing).
const RUNNER = `
import inspect, sys, traceback
from queue import Empty
import nbformat
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor
GRACE = 0.2

class Preprocessor(ExecutePreprocessor):
    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        while True:
            try:
                msg = self.kc.iopub_channel.get_msg(timeout=GRACE)
                if inspect.isawaitable(msg):
                    msg = await msg
            except Empty:
                return
            if msg["parent_header"].get("msg_id") == parent_msg_id and msg["msg_type"] != "status":
                self.process_message(msg, cell, cell_index)

if not hasattr(ExecutePreprocessor, "_async_poll_output_msg"):
    print("warning: this nbclient has no _async_poll_output_msg; late outputs may be lost", file=sys.stderr)
    Preprocessor = ExecutePreprocessor

source, target, timeout, cwd = sys.argv[1:5]
nb = nbformat.read(source, as_version=4)
status = 0
try:
    Preprocessor(timeout=int(timeout)).preprocess(nb, {"metadata": {"path": cwd}})
except CellExecutionError as error:
    print(error, file=sys.stderr)
    status = 1
except Exception:
    traceback.print_exc()
    status = 1
nbformat.write(nb, target)
sys.exit(status)
`;

const PYTHON_ENV = {
  // Quiet the debugger warnings that Debian's ipykernel prints under Python 3.11.
  PYDEVD_DISABLE_FILE_VALIDATION: "1",
  // Plain text results from the Deno kernel (no ANSI colours).
  NO_COLOR: "1",
};

async function python(args: string[], cwd?: string): Promise<Deno.CommandOutput> {
  return await new Deno.Command(PYTHON, {
    args: ["-Xfrozen_modules=off", ...args],
    cwd,
    env: PYTHON_ENV,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

const checked = new Map<string, Promise<void>>();

/** Throws, naming what to install, unless Python, nbconvert and the kernel are there. */
function checkTools(kernel: string): Promise<void> {
  let check = checked.get(kernel);
  if (!check) {
    check = (async () => {
      try {
        await Deno.stat(PYTHON);
      } catch {
        throw new Error(`Notebook tests need ${PYTHON} with Jupyter: ${APT_HINT}`);
      }
      const imports = await python(["-c", "import nbconvert, nbclient, nbformat, jupyter_client"]);
      if (!imports.success) {
        throw new Error(
          `nbconvert is missing for ${PYTHON}: ${APT_HINT}\n` +
            tail(new TextDecoder().decode(imports.stderr), 5),
        );
      }
      const list = await python(["-m", "jupyter", "kernelspec", "list", "--json"]);
      let names: string[] = [];
      try {
        names = Object.keys(JSON.parse(new TextDecoder().decode(list.stdout)).kernelspecs ?? {});
      } catch {
        throw new Error(
          `Could not list Jupyter kernels (${PYTHON} -m jupyter kernelspec list): ${APT_HINT}\n` +
            tail(new TextDecoder().decode(list.stderr), 5),
        );
      }
      if (!names.includes(kernel)) {
        const install = kernel === "deno"
          ? "deno jupyter --install"
          : `deno jupyter --install --name ${kernel}`;
        throw new Error(
          `Jupyter kernel "${kernel}" is not installed (found: ${
            names.join(", ") || "none"
          }): run ${install}`,
        );
      }
    })();
    check.catch(() => checked.delete(kernel));
    checked.set(kernel, check);
  }
  return check;
}

function joined(value: unknown): unknown {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value.join("") : value;
}

function normalizeOutput(raw: Record<string, unknown>): NotebookOutput {
  const output = { ...raw } as NotebookOutput & Record<string, unknown>;
  if ("text" in raw) output.text = joined(raw.text) as string;
  if (raw.data && typeof raw.data === "object") {
    output.data = Object.fromEntries(
      Object.entries(raw.data as Record<string, unknown>).map(([mime, v]) => [mime, joined(v)]),
    );
  }
  return output;
}

/**
 * Executes a notebook with nbconvert on its own kernel (the Deno kernel for this project's
 * notebooks) and returns the executed cells with their outputs. The source notebook is left
 * as it was; the executed copy goes to a temporary directory that is removed afterwards.
 *
 * A display updated in place (`update_display_data`) appears once, with its final content.
 *
 * @param path The notebook file.
 * @param options Cell timeout and the kernel's working directory.
 * @returns The executed notebook.
 * @throws {Error} When `/usr/bin/python3`, nbconvert or the notebook's kernel is missing (the
 * message names what to install), or when a cell fails (with the tail of nbconvert's stderr).
 */
export async function executeNotebook(
  path: string,
  options: ExecuteNotebookOptions = {},
): Promise<NotebookResult> {
  const source = resolve(path);
  const notebook = JSON.parse(await Deno.readTextFile(source));
  const kernel: string = notebook?.metadata?.kernelspec?.name ?? "deno";
  await checkTools(kernel);

  const dir = await Deno.makeTempDir({ prefix: "notebook-" });
  try {
    const target = `${dir}/executed.ipynb`;
    const cwd = resolve(options.cwd ?? dirname(source));
    const run = await python(
      ["-c", RUNNER, source, target, String(options.timeoutSeconds ?? 300), cwd],
      dir,
    );
    const stderr = new TextDecoder().decode(run.stderr);
    if (!run.success) {
      throw new Error(
        `Notebook ${source} failed (nbconvert exit code ${run.code}):\n${tail(stderr)}`,
      );
    }
    const executed = JSON.parse(await Deno.readTextFile(target));
    const cells: NotebookCell[] = (executed.cells as Record<string, unknown>[]).map((cell) => ({
      ...cell,
      cell_type: cell.cell_type as string,
      source: joined(cell.source) as string,
      metadata: (cell.metadata ?? {}) as Record<string, unknown>,
      outputs: ((cell.outputs ?? []) as Record<string, unknown>[]).map(normalizeOutput),
    }));
    return { path: source, cells, metadata: executed.metadata ?? {}, stderr };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The text of an output: a stream's text, or one MIME type of a display or result
 * (`text/plain` by default); empty when absent.
 *
 * @param output An output of an executed cell.
 * @param mime The MIME type to read from displays and results.
 * @returns The text.
 */
export function outputText(output: NotebookOutput, mime = "text/plain"): string {
  if (output.output_type === "stream") return output.text ?? "";
  const value = output.data?.[mime];
  return typeof value === "string" ? value : "";
}

/**
 * Execute a notebook headless on the smoke preset (wasm, fresh checkpoints), fail on any error
 * output, and return a lookup of its cells by id.
 */
export async function runSmokeNotebook(name: string) {
  Deno.env.set("REPRO_PRESET", "smoke");
  Deno.env.set("REPRO_BACKEND", "wasm");
  Deno.env.set("REPRO_CHECKPOINTS", await Deno.makeTempDir());
  const result = await executeNotebook(notebookPath(name), { timeoutSeconds: 300 });
  for (const c of result.cells) {
    for (const o of c.outputs) assert.notEqual(o.output_type, "error", `${c.id}: ${o.evalue}`);
  }
  return (id: string) => {
    const c = result.cells.find((c) => c.id === id);
    assert.ok(c, `cell ${id} missing`);
    return c;
  };
}

/** The path of a notebook under `notebooks/`. */
export function notebookPath(name: string): string {
  return fileURLToPath(new URL(`../notebooks/${name}`, import.meta.url));
}

/** One output of a committed notebook file, as saved (text may be split into lines). */
export interface SavedOutput {
  /** `stream`, `display_data`, `execute_result` or `error`. */
  output_type: string;
  /** The MIME bundle of a display or result. */
  data?: Record<string, unknown>;
}

/**
 * Read `notebooks/<name>` as committed, fail on any saved error output, and return lookups of
 * a cell's outputs and of the MIME types they carry.
 */
export async function committedNotebook(name: string): Promise<{
  outputs: (id: string) => SavedOutput[];
  mimes: (id: string) => string[];
}> {
  const nb = JSON.parse(await Deno.readTextFile(notebookPath(name))) as {
    cells: { id?: string; outputs?: SavedOutput[] }[];
  };
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) assert.notEqual(o.output_type, "error", `cell ${c.id}`);
  }
  const outputs = (id: string) => nb.cells.find((c) => c.id === id)?.outputs ?? [];
  return { outputs, mimes: (id) => outputs(id).flatMap((o) => Object.keys(o.data ?? {})) };
}

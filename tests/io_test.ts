import assert from "node:assert/strict";
import {
  formatMarkdownTable,
  readJsonIfExists,
  readResultsCsv,
  runMetadata,
  writeFileAtomic,
  writeJsonAtomic,
  writeMetadata,
  writeResultsTable,
} from "../lib/io/mod.ts";

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

Deno.test("writeFileAtomic creates parent folders and writes text and bytes", async () => {
  const dir = await Deno.makeTempDir();
  await writeFileAtomic(`${dir}/a/b/c.txt`, "héllo");
  assert.equal(await Deno.readTextFile(`${dir}/a/b/c.txt`), "héllo");
  await writeFileAtomic(`${dir}/a/b/c.txt`, new Uint8Array([1, 2, 3]));
  assert.deepEqual(await Deno.readFile(`${dir}/a/b/c.txt`), new Uint8Array([1, 2, 3]));
  await writeFileAtomic(`${dir}/chunks.txt`, ["a", new TextEncoder().encode("b"), "c"]);
  assert.equal(await Deno.readTextFile(`${dir}/chunks.txt`), "abc");
  assert.deepEqual(await listDir(`${dir}/a/b`), ["c.txt"]);
});

Deno.test("writeFileAtomic keeps the old content when the data source fails midway", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/results.csv`;
  await writeFileAtomic(path, "old content\n");
  async function* failing(): AsyncIterable<string> {
    yield "new first half, ";
    await new Promise((r) => setTimeout(r, 1));
    throw new Error("disk on fire");
  }
  await assert.rejects(writeFileAtomic(path, failing()), /disk on fire/);
  assert.equal(await Deno.readTextFile(path), "old content\n");
  assert.deepEqual(await listDir(dir), ["results.csv"], "no temporary file is left behind");

  function* failingSync(): Iterable<string> {
    yield "partial";
    throw new Error("generator failed");
  }
  await assert.rejects(writeFileAtomic(path, failingSync()), /generator failed/);
  assert.equal(await Deno.readTextFile(path), "old content\n");
  assert.deepEqual(await listDir(dir), ["results.csv"]);

  // A chunk of the wrong type fails after a chunk was written.
  const bad = ["ok", 42] as unknown as string[];
  await assert.rejects(writeFileAtomic(path, bad), /Cannot write a chunk of type number/);
  assert.equal(await Deno.readTextFile(path), "old content\n");
  assert.deepEqual(await listDir(dir), ["results.csv"]);
});

Deno.test("writeFileAtomic cleans up when the rename fails", async () => {
  const dir = await Deno.makeTempDir();
  // The target is a non-empty folder, so renaming a file over it must fail.
  await Deno.mkdir(`${dir}/target/inner`, { recursive: true });
  await Deno.writeTextFile(`${dir}/target/inner/keep.txt`, "kept");
  await assert.rejects(writeFileAtomic(`${dir}/target`, "new"));
  assert.deepEqual(await listDir(dir), ["target"]);
  assert.equal(await Deno.readTextFile(`${dir}/target/inner/keep.txt`), "kept");
});

Deno.test("writeFileAtomic: concurrent writers leave one complete version", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/same.txt`;
  const versions = Array.from({ length: 8 }, (_, i) => String(i).repeat(10_000));
  await Promise.all(versions.map((v) => writeFileAtomic(path, v, { sync: false })));
  assert.ok(versions.includes(await Deno.readTextFile(path)));
  assert.deepEqual(await listDir(dir), ["same.txt"]);
});

Deno.test("writeFileAtomic rejects a path that names no file", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(writeFileAtomic(`${dir}/`, "x"), /does not name a file/);
});

Deno.test("readJsonIfExists: undefined when missing, a clear error for bad JSON", async () => {
  const dir = await Deno.makeTempDir();
  assert.equal(await readJsonIfExists(`${dir}/nope.json`), undefined);
  await writeJsonAtomic(`${dir}/ok.json`, { a: [1, 2], b: null });
  assert.equal(
    await Deno.readTextFile(`${dir}/ok.json`),
    '{\n  "a": [\n    1,\n    2\n  ],\n  "b": null\n}\n',
  );
  assert.deepEqual(await readJsonIfExists(`${dir}/ok.json`), { a: [1, 2], b: null });
  await Deno.writeTextFile(`${dir}/bad.json`, "{ not json");
  await assert.rejects(readJsonIfExists(`${dir}/bad.json`), (e: Error) => {
    assert.match(e.message, /^Invalid JSON in ".*bad\.json"/);
    return true;
  });
});

const rows = [
  {
    row: "MNIST error (%), k=25",
    paper: 1.35,
    ours: 1.4123,
    epochs: 50,
    seeds: "1,2,3",
    commit: "1234567",
  },
  { row: "MNIST error (%), k=40 | alpha=3", paper: null, ours: 1.5, epochs: 50 },
  { row: "MSE", paper: 0.0000123, ours: 0.25, epochs: 5, note: "two\nlines" },
];

Deno.test("formatMarkdownTable formats numbers, missing values and awkward text", () => {
  const md = formatMarkdownTable(rows);
  const lines = md.trimEnd().split("\n");
  assert.equal(lines.length, 5);
  assert.equal(lines[0], "| row | paper | ours | epochs | seeds | commit | note |");
  assert.equal(lines[1], "| :- | -: | -: | -: | :- | :- | :- |");
  assert.equal(lines[2], "| MNIST error (%), k=25 | 1.35 | 1.41 | 50 | 1,2,3 | 1234567 | — |");
  assert.equal(lines[3], "| MNIST error (%), k=40 \\| alpha=3 | — | 1.50 | 50 | — | — | — |");
  assert.equal(lines[4], "| MSE | 1.2e-5 | 0.25 | 5 | — | — | two lines |");
  // Every line has the same number of (unescaped) cell separators.
  const cells = lines.map((l) => l.split(/(?<!\\)\|/).length);
  assert.ok(cells.every((c) => c === cells[0]), cells.join());
  assert.ok(!md.includes("NaN") && !md.includes("undefined") && !md.includes("null"));
});

Deno.test("formatMarkdownTable options: digits, per-column digits, columns, missing text", () => {
  const md = formatMarkdownTable(rows, {
    digits: 3,
    columnDigits: { ours: 1 },
    columns: ["row", "paper", "ours"],
    missing: "n/a",
  });
  const lines = md.trimEnd().split("\n");
  assert.equal(lines[0], "| row | paper | ours |");
  assert.equal(lines[2], "| MNIST error (%), k=25 | 1.350 | 1.4 |");
  assert.equal(lines[3], "| MNIST error (%), k=40 \\| alpha=3 | n/a | 1.5 |");
  assert.equal(formatMarkdownTable([]), "");
  assert.equal(
    formatMarkdownTable([{ x: NaN, y: Infinity }, { x: 1.5, y: -Infinity }]),
    "| x | y |\n| -: | -: |\n| NaN | ∞ |\n| 1.50 | −∞ |\n",
  );
});

Deno.test("writeResultsTable writes Markdown and CSV that read back", async () => {
  const dir = await Deno.makeTempDir();
  const paths = await writeResultsTable(`${dir}/results`, "ksparse", rows, {
    title: "k-sparse autoencoder, MNIST",
    notes: "Paper values from Table 1.",
  });
  assert.equal(paths.markdown, `${dir}/results/ksparse.md`);
  assert.equal(paths.csv, `${dir}/results/ksparse.csv`);
  const md = await Deno.readTextFile(paths.markdown);
  assert.ok(md.startsWith("# k-sparse autoencoder, MNIST\n\n| row | paper | ours |"), md);
  assert.ok(md.endsWith("\nPaper values from Table 1.\n"), md);
  const csv = await Deno.readTextFile(paths.csv);
  assert.equal(csv.split("\n")[0], "row,paper,ours,epochs,seeds,commit,note");
  assert.ok(csv.includes("1.4123"), "the CSV keeps full precision");
  const back = await readResultsCsv(paths.csv);
  assert.equal(back.length, 3);
  assert.deepEqual(back[0], {
    row: "MNIST error (%), k=25",
    paper: 1.35,
    ours: 1.4123,
    epochs: 50,
    seeds: "1,2,3",
    commit: "1234567",
    note: null,
  });
  assert.equal(back[1].row, "MNIST error (%), k=40 | alpha=3");
  assert.equal(back[1].paper, null);
  assert.equal(back[2].paper, 0.0000123);
  assert.equal(back[2].note, "two\nlines");
  assert.deepEqual(await listDir(`${dir}/results`), ["ksparse.csv", "ksparse.md"]);
});

Deno.test("writeResultsTable requires row, paper and ours", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(
    writeResultsTable(dir, "t", [{ row: "ok", paper: 1, ours: 2 }, { row: "bad", ours: 2 }]),
    (e: Error) => {
      assert.match(e.message, /^Row 1 \("bad"\) lacks the required column paper/);
      return true;
    },
  );
  await assert.rejects(
    writeResultsTable(dir, "t", [{ paper: 1 }]),
    /lacks the required columns row, ours/,
  );
  await assert.rejects(writeResultsTable(dir, "a/b", []), /Invalid table name/);
  assert.deepEqual(await listDir(dir), [], "nothing is written when a row is invalid");
  // A table with no rows still has its header.
  const { markdown, csv } = await writeResultsTable(dir, "empty", []);
  assert.equal(await Deno.readTextFile(markdown), "| row | paper | ours |\n| :- | :- | :- |\n");
  assert.equal(await Deno.readTextFile(csv), "row,paper,ours\n");
  assert.deepEqual(await readResultsCsv(csv), []);
});

Deno.test("runMetadata completes the caller's fields", async () => {
  const date = new Date("2024-05-01T12:00:00Z");
  const meta = await runMetadata({
    preset: "quick",
    epochs: 10,
    seeds: [1, 2, 3],
    backend: "wasm",
    dataset: "mnist",
    wallSeconds: 12.5,
    extra: { k: 25 },
  }, { date });
  assert.equal(meta.preset, "quick");
  assert.equal(meta.epochs, 10);
  assert.deepEqual(meta.seeds, [1, 2, 3]);
  assert.equal(meta.backend, "wasm");
  assert.equal(meta.dataset, "mnist");
  assert.equal(meta.wallSeconds, 12.5);
  assert.deepEqual(meta.extra, { k: 25 });
  assert.equal(meta.date, "2024-05-01T12:00:00.000Z");
  assert.equal(meta.deno, Deno.version.deno);
  assert.equal(meta.tfjs, "4.22.0");
  assert.ok(meta.cpus >= 1);
  assert.match(meta.platform, /^\w+-\w+$/);
  assert.match(meta.commit, /^([0-9a-f]{4,}(-dirty)?|unknown)$/);
  const single = await runMetadata({
    preset: "smoke",
    epochs: 1,
    seeds: 7,
    backend: "cpu",
    dataset: "mnist",
    wallSeconds: 1,
  });
  assert.deepEqual(single.seeds, [7]);
  assert.ok(!("extra" in single));
});

async function hasGit(): Promise<boolean> {
  try {
    return (await new Deno.Command("git", { args: ["--version"], stdout: "null" }).output())
      .success;
  } catch {
    return false;
  }
}

Deno.test("runMetadata reads the commit and marks a dirty work tree", async (t) => {
  const dir = await Deno.makeTempDir();
  const fields = {
    preset: "smoke",
    epochs: 1,
    seeds: 1,
    backend: "cpu",
    dataset: "mnist",
    wallSeconds: 0,
  };
  assert.equal((await runMetadata(fields, { cwd: dir })).commit, "unknown");
  if (!await hasGit()) {
    await t.step({ name: "git is not installed", ignore: true, fn: () => {} });
    return;
  }
  const git = async (...args: string[]) => {
    const out = await new Deno.Command("git", { args, cwd: dir, stdout: "piped", stderr: "piped" })
      .output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout).trim();
  };
  await git("init", "-q");
  await Deno.writeTextFile(`${dir}/a.txt`, "a");
  await git("add", "a.txt");
  await git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first");
  const head = await git("rev-parse", "--short", "HEAD");
  assert.equal((await runMetadata(fields, { cwd: dir })).commit, head);
  await Deno.writeTextFile(`${dir}/a.txt`, "changed");
  assert.equal((await runMetadata(fields, { cwd: dir })).commit, `${head}-dirty`);
});

Deno.test("writeMetadata writes pretty JSON atomically", async () => {
  const dir = await Deno.makeTempDir();
  const meta = await runMetadata({
    preset: "smoke",
    epochs: 1,
    seeds: [1],
    backend: "cpu",
    dataset: "mnist",
    wallSeconds: 3,
  });
  const path = await writeMetadata(`${dir}/out`, "run", meta);
  assert.equal(path, `${dir}/out/run.json`);
  const text = await Deno.readTextFile(path);
  assert.ok(text.startsWith('{\n  "preset": "smoke",'), text);
  assert.ok(text.endsWith("}\n"));
  assert.deepEqual(JSON.parse(text), meta);
  assert.deepEqual(await readJsonIfExists(path), meta);
  await assert.rejects(writeMetadata(dir, "../x", meta), /Invalid metadata name/);
});

import assert from "node:assert/strict";

// `deno test --parallel` runs test modules as threads of one process: builds of one library that
// overlap must each give the whole library, and leave nothing else behind.
Deno.test("concurrent builds of one library in one process all get it whole", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const workers = Array.from(
      { length: 4 },
      () =>
        new Worker(new URL("./fixtures/native_build_worker.ts", import.meta.url), {
          type: "module",
        }),
    );
    const replies = workers.map((w) =>
      new Promise<{ path?: string; error?: string }>((resolve) => {
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => {
          e.preventDefault();
          resolve({ error: e.message });
        };
      })
    );
    for (const w of workers) w.postMessage({ dir });
    const got = await Promise.all(replies);
    for (const r of got) assert.equal(r.error, undefined, r.error);
    const paths = new Set(got.map((r) => r.path));
    assert.equal(paths.size, 1);
    const [path] = paths;
    assert.match(path!, /\/race-[0-9a-f]+\.so$/);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [path!.split("/").pop()]);
    const lib = Deno.dlopen(path!, { race_answer: { parameters: [], result: "i32" } });
    try {
      assert.equal(lib.symbols.race_answer(), 42);
    } finally {
      lib.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

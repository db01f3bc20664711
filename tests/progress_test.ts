import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert";
import {
  autoProgress,
  notebookProgress,
  silentProgress,
  terminalProgress,
} from "../lib/train/progress.ts";
import type { Progress } from "../lib/types.ts";

const CLEAR = "\r\x1b[2K";

function progress(over: Partial<Progress> = {}): Progress {
  return {
    epoch: 0,
    epochs: 10,
    step: 0,
    steps: 600,
    loss: 0.01234,
    samplesPerSecond: 1234.4,
    secondsLeft: 83,
    values: {},
    ...over,
  };
}

/** A fake clock in seconds and a writer that records every write. */
function harness() {
  const clock = { t: 0 };
  const writes: string[] = [];
  return {
    clock,
    writes,
    now: () => clock.t * 1000,
    write: (s: string) => void writes.push(s),
  };
}

Deno.test("terminalProgress off a terminal prints epoch ends and one line per interval", () => {
  const h = harness();
  const r = terminalProgress({ isTerminal: false, write: h.write, now: h.now });
  r.start?.({ label: "ksparse", epochs: 10, steps: 600 });
  for (const [t, step] of [[1, 10], [10, 100], [31, 300], [40, 400], [62, 590]]) {
    h.clock.t = t;
    r.update(progress({ step, values: { k: 40 } }));
  }
  h.clock.t = 70;
  r.epochEnd(progress({ step: 600, validation: 0.0456, values: { k: 40 } }));
  h.clock.t = 80;
  r.update(progress({ epoch: 1, step: 20, values: { k: 35 } }));
  h.clock.t = 101;
  r.update(progress({ epoch: 1, step: 300, values: { k: 35 }, secondsLeft: 7325 }));
  r.end?.("done in 0:02:10");
  deepStrictEqual(h.writes, [
    "ksparse  epoch 1/10  step 300/600  loss 0.01234  k=40  1234 samples/s  0:01:23 left\n",
    "ksparse  epoch 1/10  step 590/600  loss 0.01234  k=40  1234 samples/s  0:01:23 left\n",
    "ksparse  epoch 1/10  loss 0.01234  val 0.0456  k=40  1234 samples/s  0:01:23 left\n",
    "ksparse  epoch 2/10  step 300/600  loss 0.01234  k=35  1234 samples/s  2:02:05 left\n",
    "ksparse  done in 0:02:10\n",
  ]);
});

Deno.test("terminalProgress formats time left as h:mm:ss", () => {
  const cases: [number, string][] = [
    [0, "0:00:00"],
    [59.4, "0:00:59"],
    [59.6, "0:01:00"],
    [3599.5, "1:00:00"],
    [2 * 3600 + 5 * 60 + 7, "2:05:07"],
    [100 * 3600, "100:00:00"],
    [Infinity, "?:??:??"],
    [NaN, "?:??:??"],
  ];
  for (const [seconds, text] of cases) {
    const h = harness();
    const r = terminalProgress({ isTerminal: false, write: h.write });
    r.epochEnd(progress({ secondsLeft: seconds }));
    ok(
      h.writes[0].endsWith(`  ${text} left\n`),
      `${seconds} s gave ${JSON.stringify(h.writes[0])}`,
    );
  }
});

Deno.test("terminalProgress formats losses, metrics and schedule values", () => {
  const h = harness();
  const r = terminalProgress({ isTerminal: false, write: h.write, validationName: "error %" });
  r.epochEnd(progress({ loss: NaN, validation: 1.5, values: { k: 25, lr: 0.0001, a: 2.5 } }));
  r.epochEnd(progress({ loss: 123456.7, samplesPerSecond: 12.345, secondsLeft: 5 }));
  r.epochEnd(progress({ loss: 3, samplesPerSecond: 0, secondsLeft: 5 }));
  deepStrictEqual(h.writes, [
    "epoch 1/10  loss n/a  error % 1.5  k=25  lr=1.00e-4  a=2.5  1234 samples/s  0:01:23 left\n",
    "epoch 1/10  loss 1.23e+5  12.3 samples/s  0:00:05 left\n",
    "epoch 1/10  loss 3  0:00:05 left\n",
  ]);
});

Deno.test("terminalProgress in a terminal redraws one line and keeps epoch ends", () => {
  const h = harness();
  const r = terminalProgress({ isTerminal: true, write: h.write, now: h.now, columns: 200 });
  r.start?.({ label: "dae", epochs: 2, steps: 4 });
  h.clock.t = 0.05; // within refreshSeconds of start: skipped
  r.update(progress({ epochs: 2, steps: 4, step: 1 }));
  h.clock.t = 0.2;
  r.update(progress({ epochs: 2, steps: 4, step: 2 }));
  h.clock.t = 0.25; // within refreshSeconds of the last redraw: skipped
  r.update(progress({ epochs: 2, steps: 4, step: 3 }));
  h.clock.t = 0.4;
  r.update(progress({ epochs: 2, steps: 4, step: 3 }));
  r.epochEnd(progress({ epochs: 2, steps: 4, step: 4, secondsLeft: 1 }));
  r.end?.("done");
  deepStrictEqual(h.writes, [
    CLEAR + "dae  epoch 1/2  step 2/4  loss 0.01234  1234 samples/s  0:01:23 left",
    CLEAR + "dae  epoch 1/2  step 3/4  loss 0.01234  1234 samples/s  0:01:23 left",
    CLEAR + "dae  epoch 1/2  loss 0.01234  1234 samples/s  0:00:01 left\n",
    "dae  done\n",
  ]);
});

Deno.test("terminalProgress clears a live line before the summary and cuts live lines to width", () => {
  const h = harness();
  const r = terminalProgress({ isTerminal: true, write: h.write, now: h.now, columns: 21 });
  r.update(progress({ step: 5 }));
  r.end?.("stopped early");
  deepStrictEqual(h.writes, [CLEAR + "epoch 1/10  step 5/6", CLEAR + "stopped early\n"]);
});

Deno.test("terminalProgress label option wins over the trainer's label", () => {
  const h = harness();
  const r = terminalProgress({ isTerminal: false, write: h.write, label: "mine" });
  r.start?.({ label: "trainer", epochs: 1, steps: 1 });
  r.epochEnd(progress({ epochs: 1, secondsLeft: 0 }));
  strictEqual(h.writes[0], "mine  epoch 1/1  loss 0.01234  1234 samples/s  0:00:00 left\n");
});

interface Sent {
  type: string;
  id: string;
  text: string;
  html: string;
}

function recorder(delay?: () => Promise<void>) {
  const sent: Sent[] = [];
  const broadcast = async (type: string, content: Record<string, unknown>) => {
    if (delay) await delay();
    const data = content.data as Record<string, string>;
    const id = (content.transient as { display_id: string }).display_id;
    sent.push({ type, id, text: data["text/plain"], html: data["text/html"] });
  };
  return { sent, broadcast };
}

Deno.test("notebookProgress shows one display and updates it in place", async () => {
  const h = harness();
  const rec = recorder();
  const r = notebookProgress({ broadcast: rec.broadcast, now: h.now, displayId: "p" });
  strictEqual(r.displayId, "p");
  await r.start({ label: "ksparse", epochs: 2, steps: 10 });
  h.clock.t = 1;
  await r.update(progress({ epochs: 2, steps: 10, step: 5, values: { k: 40 } }));
  h.clock.t = 1.1; // throttled
  await r.update(progress({ epochs: 2, steps: 10, step: 6, values: { k: 40 } }));
  await r.epochEnd(progress({ epochs: 2, steps: 10, step: 10, values: { k: 40 } }));
  await r.epochEnd(progress({ epoch: 1, epochs: 2, steps: 10, step: 10, secondsLeft: 0 }));
  await r.end("done in 0:00:02");
  await r.flush();

  deepStrictEqual(rec.sent.map((m) => m.type), [
    "display_data",
    "update_display_data",
    "update_display_data",
    "update_display_data",
    "update_display_data",
  ]);
  ok(rec.sent.every((m) => m.id === "p"));
  deepStrictEqual(rec.sent.map((m) => m.text), [
    "ksparse",
    "ksparse  epoch 1/2  step 5/10  loss 0.01234  k=40  1234 samples/s  0:01:23 left",
    "ksparse  epoch 1/2  loss 0.01234  k=40  1234 samples/s  0:01:23 left",
    "ksparse  epoch 1/2  loss 0.01234  k=40  1234 samples/s  0:01:23 left\n" +
    "ksparse  epoch 2/2  loss 0.01234  1234 samples/s  0:00:00 left",
    "ksparse  epoch 1/2  loss 0.01234  k=40  1234 samples/s  0:01:23 left\n" +
    "ksparse  epoch 2/2  loss 0.01234  1234 samples/s  0:00:00 left\n" +
    "ksparse  done in 0:00:02",
  ]);
  const last = rec.sent[rec.sent.length - 1].html;
  ok(last.includes('<progress value="1.0000" max="1"'), last);
  ok(last.includes("<b>ksparse</b>"), last);
});

Deno.test("notebookProgress sends in order and skips stale content while a message is in flight", async () => {
  let release: () => void = () => {};
  const gate = () => new Promise<void>((resolve) => (release = resolve));
  const rec = recorder(gate);
  const r = notebookProgress({ broadcast: rec.broadcast, refreshSeconds: 0 });
  const first = r.start({ label: "x", epochs: 3, steps: 1 });
  void r.epochEnd(progress({ epoch: 0, epochs: 3, steps: 1 }));
  void r.epochEnd(progress({ epoch: 1, epochs: 3, steps: 1 }));
  const last = r.epochEnd(progress({ epoch: 2, epochs: 3, steps: 1, secondsLeft: 0 }));
  strictEqual(first, last, "one pump serves every call while it runs");
  release(); // the display_data
  await new Promise((resolve) => setTimeout(resolve, 0));
  release(); // one update with the newest content
  await last;
  await r.flush();
  deepStrictEqual(rec.sent.map((m) => m.type), ["display_data", "update_display_data"]);
  ok(rec.sent[1].text.endsWith("x  epoch 3/3  loss 0.01234  1234 samples/s  0:00:00 left"));
  ok(rec.sent.every((m) => m.id.startsWith("progress-")));
});

Deno.test("notebookProgress keeps the last `history` epochs", async () => {
  const rec = recorder();
  const r = notebookProgress({ broadcast: rec.broadcast, history: 2 });
  for (let epoch = 0; epoch < 4; epoch++) await r.epochEnd(progress({ epoch, epochs: 4 }));
  deepStrictEqual(rec.sent[3].text.split("\n").map((line) => line.slice(0, 9)), [
    "epoch 3/4",
    "epoch 4/4",
  ]);
});

Deno.test("notebookProgress escapes HTML in labels and lines", async () => {
  const rec = recorder();
  const r = notebookProgress({ broadcast: rec.broadcast, label: "<a&b>" });
  await r.start({ label: "ignored", epochs: 1, steps: 1 });
  ok(rec.sent[0].html.includes("<b>&lt;a&amp;b&gt;</b>"), rec.sent[0].html);
  strictEqual(rec.sent[0].text, "<a&b>");
});

Deno.test("notebookProgress never rejects from a call, but flush reports a failed send", async () => {
  const r = notebookProgress({
    broadcast: () => Promise.reject(new Error("socket closed")),
  });
  await r.start({ label: "x", epochs: 1, steps: 1 });
  await r.epochEnd(progress({ epochs: 1 }));
  await rejects(r.flush(), (error: Error) => {
    strictEqual(error.message, "Could not update the notebook progress display");
    strictEqual((error.cause as Error).message, "socket closed");
    return true;
  });
});

Deno.test("notebookProgress outside the Jupyter kernel needs a broadcast function", () => {
  throws(() => notebookProgress(), /^Error: Notebook progress needs the Deno Jupyter kernel/);
});

Deno.test("autoProgress outside Jupyter is a terminal reporter; silentProgress does nothing", () => {
  const auto = autoProgress({ label: "x" });
  ok(!("displayId" in auto));
  const silent = silentProgress();
  silent.update(progress());
  silent.epochEnd(progress());
  deepStrictEqual(Object.keys(silent).sort(), ["epochEnd", "update"]);
});

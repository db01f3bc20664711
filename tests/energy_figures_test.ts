import assert from "node:assert/strict";
import { useBackend } from "../lib/backend.ts";
import { decodePng } from "../lib/plot/png.ts";
import { tf } from "../lib/tf.ts";
import {
  composeSvg,
  type EnergyFigure,
  figure1Svg,
  figure2,
  figure2Table,
  figure3,
  figure3Table,
} from "../repro/energy/figures_energy.ts";
import { separability } from "../repro/energy/figure3.ts";
import { hessianKind } from "../repro/energy/figure2.ts";
import { contractiveAutoencoder } from "../lib/models/contractive.ts";

await useBackend("cpu");

/** A well-formed standalone SVG document: namespace, size, balanced <svg> tags. */
function assertSvg(svg: string, what: string): void {
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), `${what}: no SVG header`);
  assert.ok(svg.trimEnd().endsWith("</svg>"), `${what}: not closed`);
  const open = svg.match(/<svg\b/g)?.length ?? 0;
  const close = svg.match(/<\/svg>/g)?.length ?? 0;
  assert.equal(open, close, `${what}: ${open} <svg> against ${close} </svg>`);
  assert.ok(!/NaN/.test(svg.replace(/aria-description="[^"]*"/g, "")), `${what}: NaN drawn`);
}

function assertFigures(figures: EnergyFigure[]): void {
  assert.ok(figures.length > 0);
  for (const f of figures) {
    if (f.file.endsWith(".svg")) {
      assert.equal(typeof f.content, "string");
      assertSvg(f.content as string, f.file);
    } else {
      assert.ok(f.file.endsWith(".png"), f.file);
      const img = decodePng(f.content as Uint8Array);
      assert.ok(img.width > 0 && img.height > 0, f.file);
    }
  }
  assert.equal(new Set(figures.map((f) => f.file)).size, figures.length, "file names repeat");
}

Deno.test("Figure 1 draws every activation and its antiderivative", () => {
  const svg = figure1Svg();
  assertSvg(svg, "figure1");
  for (const name of ["sigmoid", "tanh", "linear", "square", "relu", "modulus", "synchrony"]) {
    assert.ok(svg.includes(`>${name}</text>`), `no panel for ${name}`);
  }
  assert.equal(svg.split('aria-description="H(u)"').length - 1, 7);
  assert.throws(() => figure1Svg({ range: [1, 1] }), /hi > lo/);
});

Deno.test("composeSvg places panels in a grid and refuses text that is not SVG", () => {
  const panel = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"></svg>';
  const svg = composeSvg([panel, panel, panel], 2);
  assert.ok(svg.includes('width="200" height="100"'));
  assert.ok(svg.includes('<svg x="100" y="0"') && svg.includes('<svg x="0" y="50"'));
  assert.throws(() => composeSvg(["<div/>"], 1), /does not start with <svg/);
});

Deno.test("Figure 2 (smoke): panels are valid and the energy is higher on the circle than at the corners", async () => {
  const before = tf.memory().numTensors;
  const r = await figure2({ preset: "smoke" });
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  assertFigures(r.figures);
  for (
    const f of ["figure2.svg", "figure2b-field.svg", "figure2c-energy.png", "figure2e-error.png"]
  ) {
    assert.ok(r.figures.some((g) => g.file === f), `missing ${f}`);
  }
  const m = r.measures;
  assert.ok(
    m.energyOnCircle > m.energyAtCorners,
    `E circle ${m.energyOnCircle} corners ${m.energyAtCorners}`,
  );
  assert.ok(m.errorOnCircle < m.errorAtCorners);
  assert.equal(r.loss.length, r.settings.epochs);
  const kinds = m.errorMinimaOnGrid;
  assert.equal(kinds.maxima + kinds.saddles + kinds.minima, r.stationary.length);
  assert.equal(r.profile.radius.length, r.profile.energy.length);
  const rows = figure2Table(r);
  assert.ok(rows.every((row) => "row" in row && row.paper === null && row.ours !== undefined));
});

Deno.test("Figure 3 (smoke): valid figures, and the sigmoid models separate 6s from 9s above chance", async () => {
  const before = tf.memory().numTensors;
  const r = await figure3({ preset: "smoke", activations: ["sigmoid", "relu"] });
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  assertFigures(r.figures);
  assert.deepEqual(r.figures.map((f) => f.file), [
    "figure3.svg",
    "figure3-sigmoid.svg",
    "figure3-relu.svg",
  ]);
  const sigmoid = r.models[0];
  assert.equal(sigmoid.diverged, undefined);
  assert.equal(sigmoid.energy[0][0].length, r.testDigits[0]);
  assert.ok(sigmoid.energySeparability.auc > 0.75, `AUC ${sigmoid.energySeparability.auc}`);
  assert.ok(sigmoid.errorSeparability.auc > 0.75, `AUC ${sigmoid.errorSeparability.auc}`);
  assert.equal(r.models[1].regulariser, "denoising");
  assert.equal(figure3Table(r).length, 8);
  await assert.rejects(
    () => figure3({ preset: "smoke", activations: ["softmax" as "relu"] }),
    /unknown activation "softmax"/,
  );
});

Deno.test("separability: sign fraction and ROC area, ties halved, NaN never loops", () => {
  assert.deepEqual(separability([1, 2], [-1, -2]), { sign: 1, auc: 1 });
  assert.deepEqual(separability([0, 0], [0, 0]), { sign: 0, auc: 0.5 });
  const s = separability([1, NaN, 3], [2, -1]);
  assert.equal(s.sign, 3 / 5);
  assert.equal(s.auc, 0.75); // finite pairs: (1,2) no, (1,-1) yes, (3,2) yes, (3,-1) yes
});

Deno.test("hessianKind agrees with second differences of the energy", () => {
  // W = diag(w1, w2) at the origin: Hessian diag(w1^2 / 4 - 1, w2^2 / 4 - 1) (Eq. 34)
  const b = new Float32Array(2);
  assert.equal(hessianKind(new Float32Array([4, 0, 0, 4]), b, 0, 0), "minimum");
  assert.equal(hessianKind(new Float32Array([1, 0, 0, 1]), b, 0, 0), "maximum");
  assert.equal(hessianKind(new Float32Array([4, 0, 0, 1]), b, 0, 0), "saddle");
  // against second differences of the library's energy, on a random model and points
  const ae = contractiveAutoencoder({ inputs: 2, hidden: 7, init: 1.5, seed: 3 });
  ae.params.b.assign(tf.randomNormal([7], 0, 1, "float32", 5));
  const W = ae.params.W.dataSync() as Float32Array;
  const bias = ae.params.b.dataSync() as Float32Array;
  const e = (x: number, y: number) =>
    tf.tidy(() => ae.energy(tf.tensor2d([[x, y]]) as tf.Tensor2D).dataSync()[0]);
  const h = 0.05; // float32 energies: second differences need a step well above their noise
  let checked = 0;
  for (const [x, y] of [[0, 0], [0.5, -0.3], [-1, 1], [1.2, 0.4], [-0.2, -0.9]]) {
    const exx = (e(x + h, y) - 2 * e(x, y) + e(x - h, y)) / h ** 2;
    const eyy = (e(x, y + h) - 2 * e(x, y) + e(x, y - h)) / h ** 2;
    const exy = (e(x + h, y + h) - e(x + h, y - h) - e(x - h, y + h) + e(x - h, y - h)) /
      (4 * h * h);
    const det = exx * eyy - exy * exy;
    if (Math.abs(det) < 0.05 || Math.abs(exx + eyy) < 0.05) continue; // too close to call
    const kind = det < 0 ? "saddle" : exx + eyy < 0 ? "maximum" : "minimum";
    assert.equal(hessianKind(W, bias, x, y), kind, `at (${x}, ${y})`);
    checked++;
  }
  assert.ok(checked >= 3, `only ${checked} points were clear enough to check`);
  ae.dispose();
});

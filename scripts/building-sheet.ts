/**
 * Renders a contact sheet of every facade type: the intact building close up, at street
 * distance, and exploded (each piece pushed out from the building centre), for looking at
 * buildings and fracture. Usage: node --import tsx scripts/building-sheet.ts [out.png]
 */
import { validateShot } from '../src/spec/validate-spec.js';
import { FACADE_TYPES } from '../src/spec/schema.js';
import { runFracture, runScene } from '../src/pipeline/run-stages.js';
import { WebGpuBackend } from '../src/render/webgpu-backend.js';
import { compositeFrame } from '../src/composite/composite-frame.js';
import { makeContactSheet } from '../src/encode/contact-sheet.js';
import { FLOATS_PER_PIECE } from '../src/simulate/sim-cache.js';
import type { FracturedDoc } from '../src/fracture/fractured-doc.js';

const out = process.argv[2] ?? 'out/building-sheet.png';
const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };
const views = [
  { name: 'close', position: [-14, 8, 26], lookAt: [0, 12, 0], explode: 0 },
  { name: 'street', position: [-30, 1.7, 75], lookAt: [0, 15, 0], explode: 0 },
  { name: 'exploded', position: [-34, 14, 62], lookAt: [0, 16, 0], explode: 0.35 },
];

function restState(doc: FracturedDoc, explode: number): Float32Array {
  const f = new Float32Array(doc.pieces.length * FLOATS_PER_PIECE);
  const cy = doc.scene.boundsM.max[1] / 2;
  for (const p of doc.pieces) {
    const o = p.index * FLOATS_PER_PIECE;
    f[o] = p.centerM[0] * (1 + explode);
    f[o + 1] = cy + (p.centerM[1] - cy) * (1 + explode);
    f[o + 2] = p.centerM[2] * (1 + explode);
    f.set(p.rotation, o + 3);
  }
  return f;
}

const frames = [];
let n = 0;
for (const facade of FACADE_TYPES) {
  for (const v of views) {
    const spec = validateShot({
      schema: 'aftermath.shot/1',
      seed: 3,
      resolution: [960, 540],
      camera: { position: v.position, lookAt: v.lookAt },
      elements: [{ building: { facade, balconies: facade === 'punched-brick', fragments: 2500 } }],
    });
    const { scene } = runScene(spec);
    const { fractured } = runFracture(spec, scene, hooks);
    const backend = new WebGpuBackend();
    await backend.loadScene(fractured, ['beauty']);
    const passes = await backend.renderFrame({ frame: 1, timeS: 0, pieces: restState(fractured, v.explode) });
    await backend.dispose();
    const comp = compositeFrame(passes, 0);
    frames.push({ frame: ++n, rgb: comp.displayRgb8, width: 960, height: 540 });
    console.log(facade, v.name, fractured.pieces.length, 'pieces');
  }
}
await makeContactSheet({ frames, columns: 3, thumbWidth: 640, outPath: out });
console.log('wrote', out);
process.exit(0);

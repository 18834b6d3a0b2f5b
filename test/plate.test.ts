import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { InputError } from '../src/core/errors.js';
import { resolvePlate } from '../src/plate/plate-source.js';
import { readPlateFrame, srgbToLinear } from '../src/plate/read-plate.js';
import { writeExr } from '../src/exr/exr-writer.js';
import { renderShot } from '../src/pipeline/render-shot.js';
import { readPng } from '../src/encode/png-frames.js';
import { validateShot } from '../src/spec/validate-spec.js';
import { runScene } from '../src/pipeline/run-stages.js';
import { loadSceneAssets } from '../src/scene/import/load-assets.js';
import { tempDir } from './helpers.js';
import type { BuildingSpec } from '../src/spec/schema.js';

const DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const PHOTO = path.join(DATA, 'photos/opensfm_berlin_01.jpg');
const VIDEO = path.join(DATA, 'video/gopro_max-heromode.mp4');

test('bad plates get clear errors: missing, unsupported, corrupt, decompression bomb', async () => {
  const dir = tempDir();
  const expectCode = async (p: string, code: string) =>
    assert.rejects(resolvePlate({ path: p }, dir), (e: unknown) => e instanceof InputError && e.code === code && e.details[0].path === 'plate.path');
  await expectCode('nope.jpg', 'plate.file_missing');
  await expectCode('plate.gif', 'plate.unsupported');
  writeFileSync(path.join(dir, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70]));
  await expectCode('broken.jpg', 'plate.corrupt');
  // A PNG whose header claims 60000 x 60000 pixels.
  const bomb = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).png().toBuffer();
  bomb.writeUInt32BE(60000, 16);
  bomb.writeUInt32BE(60000, 20);
  writeFileSync(path.join(dir, 'bomb.png'), bomb);
  await assert.rejects(resolvePlate({ path: 'bomb.png' }, dir), (e: unknown) => e instanceof InputError && /plate\.(too_large|corrupt)/.test(e.code));
});

test('a clean plate replaces the fill: hidden pixels come from it and count as captured; a missing one names plate.cleanPlate', async () => {
  const dir = tempDir();
  await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c03020' } }).png().toFile(path.join(dir, 'plate.png'));
  await sharp({ create: { width: 16, height: 16, channels: 3, background: '#2040c0' } }).png().toFile(path.join(dir, 'clean.png'));
  await assert.rejects(resolvePlate({ path: 'plate.png', cleanPlate: 'nope.png' }, dir), (e: unknown) => e instanceof InputError && e.code === 'plate.file_missing' && e.details[0].path === 'plate.cleanPlate');
  const { PlateFrames } = await import('../src/pipeline/plate-frames.js');
  const spec = validateShot({ schema: 'aftermath.shot/1', resolution: [16, 16] });
  const hidden = new Uint8Array(16 * 16);
  for (let i = 40; i < 80; i++) hidden[i] = 1;
  const withClean = new PlateFrames(await resolvePlate({ path: 'plate.png', cleanPlate: 'clean.png' }, dir), spec, 16, 16);
  withClean.hidden = hidden;
  const img = await withClean.frame(1);
  assert.ok(img[50 * 4 + 2] > img[50 * 4], 'a hidden pixel is not from the clean plate');
  assert.ok(img[10 * 4] > img[10 * 4 + 2], 'a visible pixel is not the plate');
  assert.equal(withClean.synthesized, null, 'clean-plate pixels are captured, not synthesised');
  const filled = new PlateFrames(await resolvePlate({ path: 'plate.png' }, dir), spec, 16, 16);
  filled.hidden = hidden;
  const f = await filled.frame(1);
  assert.ok(Math.abs(f[50 * 4] - f[10 * 4]) < 1e-3, 'the fill of a flat plate is the plate\'s colour');
  assert.equal(filled.synthesized, hidden);
});

test('an EXR plate is read as linear light and fitted to the frame', async () => {
  const dir = tempDir();
  const n = 8 * 4;
  await writeExr(path.join(dir, 'p.exr'), { width: 8, height: 4, channels: ['R', 'G', 'B'].map((name, c) => ({ name, type: 'HALF' as const, data: new Float32Array(n).fill([2, 0.5, 0.25][c]) })) });
  const plate = await resolvePlate({ path: 'p.exr' }, dir);
  assert.equal(plate.colorSpace, 'linear');
  assert.deepEqual([plate.width, plate.height], [8, 4]);
  const px = await readPlateFrame(plate, 1, 24, 4, 4);
  assert.deepEqual(Array.from(px.slice(0, 4)), [2, 0.5, 0.25, 1]);
});

test('a still plate shows through where there is no CG, darkened only by CG shadows', async (t) => {
  if (!existsSync(PHOTO)) return t.skip('shared/data is absent (a user clone has no ../shared): skipping the photo plate test');
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    frames: { count: 2 },
    resolution: [160, 120],
    plate: { path: PHOTO },
    camera: { position: [0, 1.6, 40], lookAt: [0, 6, 0] },
    elements: [{ building: { floors: 2, footprint: [8, 6], at: [-6, 0, 0], fragments: 60 } }],
    output: { formats: ['png'], contactSheet: false, passes: ['beauty', 'alpha', 'shadow'] },
  });
  const dir = tempDir();
  await renderShot(spec, { outDir: dir, sign: { type: 'unsigned' } } as Parameters<typeof renderShot>[1]);
  const out = (await readPng(path.join(dir, 'frames', 'beauty.0001.png'))).data as Uint8Array;
  const ref = await sharp(PHOTO).resize(160, 120, { fit: 'cover', kernel: 'lanczos3' }).removeAlpha().raw().toBuffer();
  // Top-right corner: plate only. Display transform of the plate's linear value.
  const { toDisplayRgb8 } = await import('../src/composite/display-transform.js');
  let worst = 0;
  for (const [x, y] of [[150, 5], [140, 20], [120, 10]]) {
    const i = (y * 160 + x) * 3;
    const lin = Float32Array.from([0, 1, 2, 3].map((c) => (c < 3 ? srgbToLinear(ref[i + c] / 255) : 1)));
    const expected = toDisplayRgb8(lin, 1, 0);
    for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(out[i + c] - expected[c]));
  }
  assert.ok(worst <= 2, `plate pixels changed by ${worst} levels`);
});

test('video plates give the frame at its time', async (t) => {
  if (!existsSync(VIDEO)) return t.skip('shared/data is absent: skipping the video plate test');
  const plate = await resolvePlate({ path: VIDEO }, '/');
  assert.equal(plate.kind, 'video');
  assert.deepEqual([plate.width, plate.height], [848, 480]);
  const a = await readPlateFrame(plate, 1, 24, 64, 36);
  const b = await readPlateFrame(plate, 100, 24, 64, 36);
  let mean = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i += 4) (mean += a[i]), (diff += Math.abs(a[i] - b[i]));
  assert.ok(mean / (a.length / 4) > 0.01, 'frame 1 is black');
  assert.ok(diff > 1, 'frames 1 and 100 are the same');
});

test('camera.match solves the shot camera in the scene stage', async () => {
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    resolution: [1920, 1080],
    camera: {
      match: {
        // A 24 x 35 m facade seen from (-30, 3, 60) looking at (0, 12, 0) with a 35 mm lens.
        imagePoints: [[630.3, 883.42], [1240.58, 869.57], [1223.41, -1.94], [653.76, -130.78]],
        widthM: 24,
        heightM: 35,
      },
    },
  });
  const { scene } = runScene(spec, await loadSceneAssets(spec, '/'));
  assert.ok(scene.camera.solveErrorPx !== null && scene.camera.solveErrorPx < 3);
  assert.ok(Math.abs(scene.camera.focalMm - 35) < 2, `focal ${scene.camera.focalMm}`);
});

/**
 * The real photo: opensfm_berlin_01.jpg (3264 x 2448, iPhone 4S, the Berliner Dom's main portal
 * from the bottom of its steps). The rectangle is the opening of the central bronze double door,
 * found by the luminance edges at full resolution (pixel corners at integers):
 *   left jamb x = 1499.7 at the threshold, 1508.2 at the lintel (the verticals converge upwards),
 *   right jamb x = 1693.0, threshold (bronze over the top step) y = 2104.0, lintel y = 1723.5.
 * Real size: nobody publishes the door, so we take the classical proportion of a portal door,
 * a double square (Vignola: a door is twice as high as it is wide), 3.4 m x 6.8 m — two 1.7 m
 * leaves; the width only sets the scale. The door alone is too small and too square-on to pin
 * the focal length, so the shot gives the lens from the photo's EXIF: 4.28 mm on the iPhone
 * 4S's 4.54 mm wide sensor = 33.94 mm at sensorWidthMm 36. Independent check: the phone's
 * accelerometer (MAPAccelerometerVector in the EXIF: 0.947, 0.017, 0.322 g) says the camera
 * looked up by asin(0.322) = 18.8°; the tilt of a 380 px tall door pins the pitch only to a few
 * degrees, and the plate has ~0.5° of roll that the no-roll shot camera cannot represent.
 */
test('camera.match on the real photo: the Dom\'s door solves to under 2 px, looking up as the phone\'s accelerometer says', async (t) => {
  if (!existsSync(PHOTO)) return t.skip('shared/data is absent: skipping the camera solve on the real photo');
  const door: [number, number][] = [[1499.7, 2104], [1693, 2104], [1693, 1723.5], [1508.2, 1723.5]];
  // The marked corners sit on the door's edges in this photo: dark bronze inside, light stone and steps outside.
  const { data } = await sharp(PHOTO).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const lum = (x: number, y: number) => { const i = (Math.floor(y) * 3264 + Math.floor(x)) * 3; return (data[i] + data[i + 1] + data[i + 2]) / 3; };
  assert.ok(lum(1600, 2112) - lum(1600, 2094) > 40, 'the threshold edge is not at y = 2104');
  assert.ok(lum(1700, 1900) - lum(1686, 1900) > 40, 'the right jamb is not at x = 1693');
  assert.ok(lum(1600, 1720) - lum(1600, 1727) > 60, 'the lintel is not at y = 1723.5');
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    resolution: [3264, 2448],
    plate: { path: PHOTO },
    camera: { focalMm: 33.94, sensorWidthMm: 36, match: { imagePoints: door, widthM: 3.4, heightM: 6.8, maxReprojectionErrorPx: 2 } },
  });
  const { scene } = runScene(spec, await loadSceneAssets(spec, '/'));
  const cam = scene.camera;
  assert.ok(cam.solveErrorPx !== null && cam.solveErrorPx < 2, `reprojection error ${cam.solveErrorPx} px`);
  assert.equal(cam.focalMm, 33.94, 'the door cannot pin the focal: the EXIF lens is used');
  const d = cam.lookAtM.map((v, i) => v - cam.positionM[i]);
  const pitchDeg = (Math.asin(d[1] / Math.hypot(...d)) * 180) / Math.PI;
  assert.ok(Math.abs(pitchDeg - 18.8) < 6, `pitch ${pitchDeg.toFixed(1)}° vs the accelerometer's 18.8°`);
  // About 55 m from the door (its 193 px at a 3073 px focal is 3.4 m at 54 m), nearly square-on.
  const dist = Math.hypot(cam.positionM[0], cam.positionM[2]);
  assert.ok(dist > 45 && dist < 65, `distance ${dist.toFixed(1)} m`);
});

test('the example plate shot: the portal\'s outline in the photo fits a proxy whose corners land on it', async (t) => {
  if (!existsSync(PHOTO)) return t.skip('shared/data is absent: skipping the outline fit on the real photo');
  const { loadShotFile } = await import('../src/spec/load-spec.js');
  const { fitOutline } = await import('../src/scene/fit-outline.js');
  const example = fileURLToPath(new URL('../examples/plate-collapse.shot.yaml', import.meta.url));
  const { spec } = await loadShotFile(example);
  const assets = await loadSceneAssets(spec, path.dirname(example));
  const { scene } = runScene(spec, assets);
  assert.ok(scene.camera.solveErrorPx! < 1, `solve ${scene.camera.solveErrorPx} px`);
  // The plate is cover-fitted into 640 x 480 (the same 4:3): plate pixels x 640/3264.
  const s = 640 / 3264;
  const b = spec.elements.find((e) => 'building' in e) as { building: BuildingSpec };
  const fit = fitOutline(b.building, b.building.outline!.map(([x, y]) => [x * s, y * s] as [number, number]), { ...scene.camera, width: 640, height: 480 }, 'outline');
  assert.ok(fit.errorPx < 1, `the proxy's corners are ${fit.errorPx.toFixed(2)} px off the outline's`);
  const portal = scene.buildings[0];
  assert.ok(Math.abs(portal.footprintM[0] - fit.building.footprint[0]) < 1e-3 && portal.floors === fit.building.floors, `scene ${portal.footprintM} ${portal.floors} vs fit ${fit.building.footprint} ${fit.building.floors}`);
  assert.ok(portal.heightM > 30 && portal.heightM < 70, `height ${portal.heightM} m`);
});

test('a plate-textured building looks like the plate at rest, and its fall reveals a filled, recorded area', async (t) => {
  if (!existsSync(PHOTO)) return t.skip('shared/data is absent: skipping the plate projection test');
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    frames: { fps: 12, count: 12 },
    resolution: [160, 120],
    plate: { path: PHOTO },
    camera: { focalMm: 28, position: [0, 1.6, 45], lookAt: [0, 9, 0] },
    elements: [
      { building: { id: 'portal', floors: 4, footprint: [16, 6], at: [0, 0, -6], fragments: 200, textureFromPlate: true, parapet: false, roofClutter: false } },
      { collapse: { target: 'portal', startS: 0.2, initiationFloor: 1 } },
    ],
    output: { formats: ['png', 'exr'], contactSheet: false, passes: ['beauty'] },
  });
  const dir = tempDir();
  await renderShot(spec, { outDir: dir, sign: { type: 'unsigned' } } as Parameters<typeof renderShot>[1]);
  const first = (await readPng(path.join(dir, 'frames', 'beauty.0001.png'))).data as Uint8Array;
  const last = (await readPng(path.join(dir, 'frames', 'beauty.0012.png'))).data as Uint8Array;
  const ref = await sharp(PHOTO).resize(160, 120, { fit: 'cover', kernel: 'lanczos3' }).removeAlpha().raw().toBuffer();
  const { toDisplayRgb8 } = await import('../src/composite/display-transform.js');
  const lin = new Float32Array(160 * 120 * 4);
  for (let i = 0; i < 160 * 120; i++) for (let c = 0; c < 4; c++) lin[i * 4 + c] = c < 3 ? srgbToLinear(ref[i * 3 + c] / 255) : 1;
  const plateDisplay = toDisplayRgb8(lin, 160 * 120, 0);
  let close = 0;
  for (let i = 0; i < first.length; i++) if (Math.abs(first[i] - plateDisplay[i]) <= 8) close++;
  assert.ok(close / first.length > 0.95, `at rest only ${((100 * close) / first.length).toFixed(1)}% of samples match the plate`);
  let changed = 0;
  for (let i = 0; i < last.length; i++) if (Math.abs(last[i] - first[i]) > 20) changed++;
  assert.ok(changed > 300, 'the fall changed nothing');
  const synth0 = (await readPng(path.join(dir, 'frames', 'synthesized.0001.png'))).data as Uint8Array;
  const synth12 = (await readPng(path.join(dir, 'frames', 'synthesized.0012.png'))).data as Uint8Array;
  const count = (a: Uint8Array) => a.reduce((s, v) => s + (v > 128 ? 1 : 0), 0);
  // Before the fall only the 2-pixel seam around the building is filled.
  assert.ok(count(synth0) < 0.03 * 160 * 120, `before the fall ${count(synth0)} pixels are marked synthesised`);
  assert.ok(count(synth12) > count(synth0) + 100, 'the revealed area is not marked synthesised');
  // The EXR's provenance layers: shares sum to 1 and the revealed fill counts as synthesized.
  const { readExrFile } = await import('../src/exr/exr-reader.js');
  const exr = await readExrFile(path.join(dir, 'frames', 'portal.0012.exr').replace('portal.', `${'shot'}.`));
  const layer = (n: string) => exr.channels.find((c) => c.name === `provenance.${n}`)!.data as Float32Array;
  const [cap, sim, syn, tra] = ['capture', 'simulated', 'synthesized', 'trained'].map(layer);
  let worst = 0;
  for (let i = 0; i < cap.length; i++) worst = Math.max(worst, Math.abs(cap[i] + sim[i] + syn[i] + tra[i] - 1));
  assert.ok(worst < 2e-3, `shares sum to 1 within ${worst}`);
  assert.ok(syn.reduce((s, v) => s + v, 0) > 100, 'no synthesized pixels in the EXR matte');
  assert.ok(cap.reduce((s, v) => s + v, 0) > cap.length * 0.5, 'the plate is mostly capture');
});

test('a video plate is read frame-accurately: shot frame N at the video rate is video frame N', async (t) => {
  if (!existsSync(VIDEO)) return t.skip('shared/data is absent: skipping the frame-accuracy test');
  const { spawnSync } = await import('node:child_process');
  const { resolveFfmpegPath } = await import('../src/encode/ffmpeg-path.js');
  const plate = await resolvePlate({ path: VIDEO }, '/');
  const fps = 30000 / 1001;
  for (const n of [1, 37, 200]) {
    const ours = await readPlateFrame(plate, n, fps, 64, 36);
    // Reference: ffmpeg selects decoded frame n-1 by index, no seeking.
    const ref = spawnSync(resolveFfmpegPath(), ['-v', 'error', '-i', VIDEO, '-vf', `select=eq(n\\,${n - 1}),scale=64:36:force_original_aspect_ratio=increase,crop=64:36`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 24 });
    const bytes = ref.stdout as Buffer;
    assert.equal(bytes.length, 64 * 36 * 3);
    let worst = 0;
    for (let i = 0; i < 64 * 36; i++) {
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(ours[i * 4 + c] - srgbToLinear(bytes[i * 3 + c] / 255)));
    }
    assert.ok(worst < 0.02, `frame ${n} differs from the indexed decode by ${worst}`);
  }
});

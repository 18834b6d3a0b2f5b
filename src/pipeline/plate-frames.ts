import type { ShotSpec } from '../spec/schema.js';
import type { PlateSource } from '../plate/plate-source.js';
import { readPlateFrame } from '../plate/read-plate.js';
import { dilateMask, fillHole } from '../composite/fill-hole.js';
import type { FillReport } from '../composite/fill-hole.js';
import { measurePlateNoise } from '../composite/plate-match.js';
import { createRemap, isIdentityDistortion, remap, remapMask } from '../composite/lens-distortion.js';
import type { RadialDistortion, Remap } from '../composite/lens-distortion.js';
import type { MatchGrade } from '../composite/match-grade.js';
import { createRng } from '../core/rng.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { PlateImage } from '../render/plate-projection.js';

/**
 * Plate frames for the render loop: read at the frame size (a still once), and — when a
 * building carries the plate (`textureFromPlate`) — with the area that building covered at
 * rest filled in, so what it hid shows as it falls: from the user's clean plate
 * (`plate.cleanPlate`, captured footage) when there is one, else synthesised by `fillHole`
 * (PatchMatch texture with sky continuation; seeded per frame from the shot's seed). The
 * synthesised pixels are recorded (`synthesized`). With `camera.distortion` the plate handed
 * to the projection is undistorted, and the hidden area (rendered through a pinhole) is
 * distorted to the plate's lens.
 */
export class PlateFrames {
  private still: Float32Array | null = null;
  private stillFilled: Float32Array | null = null;
  private stillClean: Float32Array | null = null;
  private stillUndistorted: Float32Array | null = null;
  /** Pixels the plate-textured buildings covered at rest (dilated by 2 px); null without such buildings. */
  hidden: Uint8Array | null = null;
  /** The plate's lens (`camera.distortion`), or null when it has none. */
  readonly lens: RadialDistortion | null;
  private distortMapCache: Remap | null = null;
  /** The comp-match grade, planned once per shot (undefined until then). */
  grade: MatchGrade | undefined;
  /** What the fills took (for the render log): one line per fill. */
  readonly fillLog: string[] = [];

  constructor(
    private readonly plate: PlateSource,
    private readonly spec: ShotSpec,
    private readonly width: number,
    private readonly height: number,
  ) {
    const k = spec.camera.distortion;
    this.lens = k && !isIdentityDistortion(k) ? { k1: k.k1, k2: k.k2 } : null;
  }

  /** Whether some building carries the plate (then the renderer needs it, and the id pass). */
  static projects(doc: FracturedDoc): boolean {
    return doc.scene.buildings.some((b) => b.textureFromPlate);
  }

  /** Pixels of the plate that were synthesised (not captured): the hidden area, unless a clean plate supplies it. */
  get synthesized(): Uint8Array | null {
    return this.plate.clean ? null : this.hidden;
  }

  /** The map that distorts a pinhole render to the plate's lens (null without distortion). */
  get distortMap(): Remap | null {
    if (!this.lens) return null;
    this.distortMapCache ??= createRemap(this.width, this.height, this.lens, 'distort');
    return this.distortMapCache;
  }

  private get isStill(): boolean {
    return this.plate.kind === 'still' || this.plate.kind === 'exr';
  }

  /** The plate for the projection on to buildings: through a pinhole (undistorted when the plate has a lens). */
  async image(frame: number): Promise<PlateImage> {
    const raw = await this.raw(frame);
    if (!this.lens) return { rgba: raw, width: this.width, height: this.height };
    const undistort = () => remap(raw, 4, createRemap(this.width, this.height, this.lens!, 'undistort'), 'clamp');
    const rgba = this.isStill ? (this.stillUndistorted ??= undistort()) : undistort();
    return { rgba, width: this.width, height: this.height };
  }

  /** The mask of the plate-textured pieces at rest, from an id pass of the rest pose. */
  setHidden(idAtRest: Uint32Array, doc: FracturedDoc): void {
    const textured = new Set(doc.scene.buildings.filter((b) => b.textureFromPlate).map((b) => b.id));
    let mask: Uint8Array = new Uint8Array(idAtRest.length);
    for (let i = 0; i < mask.length; i++) {
      const piece = idAtRest[i] - 1;
      if (piece >= 0 && textured.has(doc.pieces[piece].buildingId)) mask[i] = 1;
    }
    if (this.distortMap) mask = remapMask(mask, this.distortMap);
    this.hidden = dilateMask(mask, this.width, this.height, 2);
  }

  private async raw(frame: number): Promise<Float32Array> {
    if (this.isStill) {
      this.still ??= await readPlateFrame(this.plate, 1, this.spec.frames.fps, this.width, this.height);
      return this.still;
    }
    return readPlateFrame(this.plate, frame, this.spec.frames.fps, this.width, this.height);
  }

  private async clean(frame: number): Promise<Float32Array> {
    const clean = this.plate.clean!;
    if (clean.kind === 'still' || clean.kind === 'exr') {
      this.stillClean ??= await readPlateFrame(clean, 1, this.spec.frames.fps, this.width, this.height);
      return this.stillClean;
    }
    return readPlateFrame(clean, frame, this.spec.frames.fps, this.width, this.height);
  }

  private stillNoise: number | null = null;

  /** The plate's noise (linear sigma) at a frame: measured once for a still. */
  async noise(frame: number): Promise<number> {
    if (this.isStill && this.stillNoise !== null) return this.stillNoise;
    const sigma = measurePlateNoise(await this.raw(frame), this.width, this.height);
    if (this.isStill) this.stillNoise = sigma;
    return sigma;
  }

  /** The plate for a frame, with the hidden area taken from the clean plate or filled in. */
  async frame(frame: number): Promise<Float32Array> {
    const img = await this.raw(frame);
    const hidden = this.hidden;
    if (!hidden) return img;
    if (this.plate.clean) {
      // A still plate with a still clean plate is the same every frame.
      if (this.isStill && this.stillFilled && (this.plate.clean.kind === 'still' || this.plate.clean.kind === 'exr')) return this.stillFilled;
      const clean = await this.clean(frame);
      const out = new Float32Array(img);
      for (let i = 0; i < hidden.length; i++) if (hidden[i]) for (let c = 0; c < 4; c++) out[i * 4 + c] = clean[i * 4 + c];
      if (this.isStill && (this.plate.clean.kind === 'still' || this.plate.clean.kind === 'exr')) this.stillFilled = out;
      return out;
    }
    if (this.isStill && this.stillFilled) return this.stillFilled;
    // Seeded per frame (a still is filled once): re-rendering any frame gives the same fill.
    const rng = createRng(this.spec.seed).derive(this.isStill ? 'plate-fill' : `plate-fill:${frame}`);
    const report: FillReport = { skyPixels: 0, texturePixels: 0 };
    const t0 = performance.now();
    const filled = fillHole(img, hidden, this.width, this.height, { rng }, report);
    this.fillLog.push(`plate fill${this.isStill ? '' : ` frame ${frame}`}: ${Math.round(performance.now() - t0)} ms, ${report.skyPixels} px sky, ${report.texturePixels} px texture`);
    if (this.isStill) this.stillFilled = filled;
    return filled;
  }
}

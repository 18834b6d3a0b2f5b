import type { ShotSpec } from '../spec/schema.js';
import type { PlateSource } from '../plate/plate-source.js';
import { readPlateFrame } from '../plate/read-plate.js';
import { dilateMask, pullPushFill } from '../composite/fill-hole.js';
import { measurePlateNoise } from '../composite/plate-match.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { PlateImage } from '../render/plate-projection.js';

/**
 * Plate frames for the render loop: read at the frame size (a still once), and — when a
 * building carries the plate (`textureFromPlate`) — with the area that building covered at
 * rest filled in (the "clean plate"), so what it hid shows as it falls. The fill is
 * recorded: `hidden` marks the synthesised pixels.
 */
export class PlateFrames {
  private still: Float32Array | null = null;
  private stillFilled: Float32Array | null = null;
  /** Pixels the plate-textured buildings covered at rest (dilated by 2 px); null without such buildings. */
  hidden: Uint8Array | null = null;

  constructor(
    private readonly plate: PlateSource,
    private readonly spec: ShotSpec,
    private readonly width: number,
    private readonly height: number,
  ) {}

  /** Whether some building carries the plate (then the renderer needs it, and the id pass). */
  static projects(doc: FracturedDoc): boolean {
    return doc.scene.buildings.some((b) => b.textureFromPlate);
  }

  async image(frame: number): Promise<PlateImage> {
    return { rgba: await this.raw(frame), width: this.width, height: this.height };
  }

  /** The mask of the plate-textured pieces at rest, from an id pass of the rest pose. */
  setHidden(idAtRest: Uint32Array, doc: FracturedDoc): void {
    const textured = new Set(doc.scene.buildings.filter((b) => b.textureFromPlate).map((b) => b.id));
    const mask = new Uint8Array(idAtRest.length);
    for (let i = 0; i < mask.length; i++) {
      const piece = idAtRest[i] - 1;
      if (piece >= 0 && textured.has(doc.pieces[piece].buildingId)) mask[i] = 1;
    }
    this.hidden = dilateMask(mask, this.width, this.height, 2);
  }

  private async raw(frame: number): Promise<Float32Array> {
    if (this.plate.kind === 'still' || this.plate.kind === 'exr') {
      this.still ??= await readPlateFrame(this.plate, 1, this.spec.frames.fps, this.width, this.height);
      return this.still;
    }
    return readPlateFrame(this.plate, frame, this.spec.frames.fps, this.width, this.height);
  }

  private stillNoise: number | null = null;

  /** The plate's noise (linear sigma) at a frame: measured once for a still. */
  async noise(frame: number): Promise<number> {
    if ((this.plate.kind === 'still' || this.plate.kind === 'exr') && this.stillNoise !== null) return this.stillNoise;
    const sigma = measurePlateNoise(await this.raw(frame), this.width, this.height);
    if (this.plate.kind === 'still' || this.plate.kind === 'exr') this.stillNoise = sigma;
    return sigma;
  }

  /** The plate for a frame, with the hidden area filled when there is one. */
  async frame(frame: number): Promise<Float32Array> {
    const img = await this.raw(frame);
    if (!this.hidden) return img;
    if (this.plate.kind === 'still' || this.plate.kind === 'exr') {
      this.stillFilled ??= pullPushFill(img, this.hidden, this.width, this.height);
      return this.stillFilled;
    }
    return pullPushFill(img, this.hidden, this.width, this.height);
  }
}

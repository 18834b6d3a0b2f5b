import type * as THREE from 'three/webgpu';

/**
 * Reads a render target's colour back into a fresh typed array through one staging buffer
 * kept for the life of the renderer. three's readRenderTargetPixelsAsync creates (and
 * zero-fills) a new mappable buffer for every read and copies the rows out twice; at 1080p
 * RGBA float that was about twice the time of the copy itself on Dawn/GLES. Reads must not
 * overlap (the backend awaits each one before the next).
 */
export class ReadBack {
  private buffer: GPUBuffer | null = null;
  private size = 0;

  constructor(private readonly renderer: THREE.WebGPURenderer) {}

  /** The w × h texels at the target's origin: Float32Array for float targets, Uint16Array for half ones (4 channels). */
  async read(target: THREE.RenderTarget, w: number, h: number): Promise<Float32Array | Uint16Array> {
    const backend = (this.renderer as unknown as { backend: { device: GPUDevice; get(o: object): { texture: GPUTexture } } }).backend;
    const device = backend.device;
    const texture = backend.get(target.texture).texture;
    const half = texture.format === 'rgba16float';
    if (!half && texture.format !== 'rgba32float') throw new Error(`ReadBack: unsupported format ${texture.format}`);
    const texel = half ? 8 : 16;
    const row = w * texel;
    const bytesPerRow = Math.ceil(row / 256) * 256;
    const size = bytesPerRow * h;
    if (!this.buffer || this.size < size) {
      this.buffer?.destroy();
      this.buffer = device.createBuffer({ size, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
      this.size = size;
    }
    const buffer = this.buffer;
    const encoder = device.createCommandEncoder();
    encoder.copyTextureToBuffer({ texture }, { buffer, bytesPerRow }, { width: w, height: h });
    device.queue.submit([encoder.finish()]);
    await buffer.mapAsync(GPUMapMode.READ, 0, size);
    const mapped = buffer.getMappedRange(0, size);
    let bytes: ArrayBuffer;
    if (bytesPerRow === row) bytes = mapped.slice(0);
    else {
      const packed = new Uint8Array(row * h);
      const src = new Uint8Array(mapped);
      for (let y = 0; y < h; y++) packed.set(src.subarray(y * bytesPerRow, y * bytesPerRow + row), y * row);
      bytes = packed.buffer;
    }
    buffer.unmap();
    return half ? new Uint16Array(bytes) : new Float32Array(bytes);
  }

  dispose(): void {
    this.buffer?.destroy();
    this.buffer = null;
  }
}

import * as THREE from 'three/webgpu';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { PassName } from '../spec/schema.js';
import { AftermathError } from '../core/errors.js';
import type { FramePasses, FrameState } from './frame-passes.js';
import type { RenderBackend } from './render-backend.js';
import { createGpuDevice } from './webgpu-device.js';
import { applyPieceStates, buildThreeScene } from './three-scene.js';
import type { ThreeSceneParts } from './three-scene.js';

/** Fake canvas: we only ever render into render targets. */
function offscreenCanvas(width: number, height: number): unknown {
  return {
    width,
    height,
    style: {},
    addEventListener() {},
    removeEventListener() {},
    getContext() {
      throw new AftermathError('Aftermath renders offscreen only', 'render.no_canvas');
    },
  };
}

/** three.js WebGPURenderer on Dawn (npm `webgpu`), reading passes back as typed arrays. */
export class WebGpuBackend implements RenderBackend {
  readonly name = 'three-webgpu';
  deviceDescription = '';
  private renderer!: THREE.WebGPURenderer;
  private parts!: ThreeSceneParts;
  private doc!: FracturedDoc;
  private beautyTarget!: THREE.RenderTarget;
  private idTarget: THREE.RenderTarget | null = null;
  private width = 0;
  private height = 0;

  async loadScene(doc: FracturedDoc, passes: readonly PassName[]): Promise<void> {
    const gpu = await createGpuDevice();
    this.deviceDescription = gpu.description;
    const [w, h] = doc.scene.resolution;
    this.width = w;
    this.height = h;
    this.renderer = new THREE.WebGPURenderer({
      canvas: offscreenCanvas(w, h) as HTMLCanvasElement,
      device: gpu.device,
      antialias: false,
    } as ConstructorParameters<typeof THREE.WebGPURenderer>[0]);
    await this.renderer.init();
    // No requestAnimationFrame in Node: the frame clock is driven by hand in renderFrame.
    (this.renderer as unknown as { _animation: { setContext(c: unknown): void } })._animation.setContext({
      requestAnimationFrame: () => 1,
      cancelAnimationFrame() {},
    });
    this.renderer.shadowMap.enabled = true;
    this.renderer.shadowMap.type = THREE.PCFShadowMap;
    this.doc = doc;
    this.parts = buildThreeScene(doc);
    this.beautyTarget = new THREE.RenderTarget(w, h, { type: THREE.HalfFloatType, depthBuffer: true });
    if (passes.includes('id')) {
      this.idTarget = new THREE.RenderTarget(w, h, { type: THREE.FloatType, depthBuffer: true });
    }
  }

  async renderFrame(state: FrameState): Promise<FramePasses> {
    const { width: w, height: h } = this;
    applyPieceStates(this.parts, this.doc, state.pieces);
    const nodes = (this.renderer as unknown as { _nodes: { nodeFrame: { update(): void } } })._nodes;
    nodes.nodeFrame.update();
    this.renderer.setRenderTarget(this.beautyTarget);
    this.renderer.render(this.parts.beautyScene, this.parts.camera);
    const half = (await this.renderer.readRenderTargetPixelsAsync(this.beautyTarget, 0, 0, w, h)) as Uint16Array;
    const beauty = new Float32Array(w * h * 4);
    const fromHalf = THREE.DataUtils.fromHalfFloat;
    for (let i = 0; i < beauty.length; i++) beauty[i] = fromHalf(half[i]);
    const out: FramePasses = { frame: state.frame, width: w, height: h, beauty };
    if (this.idTarget) {
      this.renderer.setRenderTarget(this.idTarget);
      this.renderer.render(this.parts.idScene, this.parts.camera);
      const raw = (await this.renderer.readRenderTargetPixelsAsync(this.idTarget, 0, 0, w, h)) as Float32Array;
      const id = new Uint32Array(w * h);
      for (let i = 0; i < id.length; i++) id[i] = Math.max(0, Math.round(raw[i * 4]));
      out.id = id;
    }
    this.renderer.setRenderTarget(null);
    return out;
  }

  async dispose(): Promise<void> {
    this.beautyTarget?.dispose();
    this.idTarget?.dispose();
    this.renderer?.dispose();
  }
}

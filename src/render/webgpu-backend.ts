import * as THREE from 'three/webgpu';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { PassName } from '../spec/schema.js';
import type { FramePasses, FrameState } from './frame-passes.js';
import type { RenderBackend, SceneEffects, SceneLook, SceneWeather } from './render-backend.js';
import { SnowLayer } from './snow-layer.js';
import { CarriedSnow, SeparateSnowScene, unpackCarriedSnow } from './snow-draws.js';
import { DustLayer } from './dust-layer.js';
import { DustShadow } from './dust-shadow.js';
import { DebrisLayer } from './debris-layer.js';
import type { DebrisFrame } from '../dust/dust-frame.js';
import { applyAtmosphere, SnowCover } from './atmosphere-layer.js';
import { createGpuDevice } from './webgpu-device.js';
import { applyPieceStates, buildThreeScene } from './three-scene.js';
import type { ThreeSceneParts } from './three-scene.js';
import { buildAuxScenes, plannedRenders, readAuxPasses } from './aux-passes.js';
import type { AuxScenes } from './aux-passes.js';
import { motionVectors } from './motion-vectors.js';
import type { PlateImage } from './plate-projection.js';
import { AmbientOcclusion } from './ambient-occlusion.js';
import { EmissionPass, emissionRgb } from './emission.js';
import { MAX_TILE_PX, offscreenCanvas, planTiles } from './tiles.js';
import { halfsToFloats } from './half-float.js';
import { ReadBack } from './read-back.js';

export { MAX_TILE_PX, planTiles } from './tiles.js';

export { plannedRenders } from './aux-passes.js';

/**
 * three.js WebGPURenderer on Dawn (npm `webgpu`), reading passes back as typed arrays. Only
 * the renders the asked-for passes need are made: beauty always (with ambient occlusion, its
 * own depth-and-normal pre-pass per tile, see AmbientOcclusion); the object id (also for alpha
 * and motion); geometry (Z and normal, also for motion); the shadow catcher; the emission
 * (see EmissionPass).
 */
export class WebGpuBackend implements RenderBackend {
  readonly name = 'three-webgpu';
  deviceDescription = '';
  private renderer!: THREE.WebGPURenderer;
  private readBack!: ReadBack;
  private parts!: ThreeSceneParts;
  private aux!: AuxScenes;
  private doc!: FracturedDoc;
  private passes: readonly PassName[] = [];
  private beautyTarget!: THREE.RenderTarget;
  private floatTarget: THREE.RenderTarget | null = null;
  private width = 0;
  private height = 0;
  private tiles: { x: number; y: number; w: number; h: number }[] = [];
  private weather: SceneWeather | null = null;
  private snowLayer: SnowLayer | null = null;
  /** The flakes' draws: in the id render (float32-blendable devices) or in a scene of their own. */
  private carriedSnow: CarriedSnow | null = null;
  private separateSnow: SeparateSnowScene | null = null;
  private snowCover: SnowCover | null = null;
  /** Whether the device blends into 32-bit float targets (the snow pass is drawn in full float then: read back faster than half, no conversion). */
  private float32Blendable = false;
  private effects: SceneEffects | null = null;
  private dustLayer: DustLayer | null = null;
  private dustShadow: DustShadow | null = null;
  /** Whether the dust layer holds this frame's dust (lit and uploaded before the beauty). */
  private dustDrawn = false;
  private debrisLayer: DebrisLayer | null = null;
  private look: SceneLook = { ambientOcclusion: 1 };
  private ao: AmbientOcclusion | null = null;
  private emission: EmissionPass | null = null;
  /** The last renderFrame's debris and time (renderBeauty's sub-frames advance them). */
  private frameDebris: DebrisFrame | null = null;
  private frameTimeS = 0;
  /** Of the last frame with dust: CPU lighting and GPU pass (depth pre-pass, march, read-back), ms. */
  dustTimings = { lightingMs: 0, passMs: 0 };
  /**
   * Of the last frame with snow: building the flakes' quads on the CPU and the GPU pass, ms.
   * `carried` in the id render, passMs is that whole render (the id's own work included, which
   * `idPassMs` of a frame without snow is) and the unpacking; otherwise the snow's own renders.
   */
  snowTimings = { buildMs: 0, passMs: 0, carried: false };
  /** Of the last frame: the id render and its read-back, ms (0 when it was not made). */
  idPassMs = 0;

  /** `snowPass: 'separate'` draws the snow in its own renders even where it could ride on the id render (tests compare the two). */
  constructor(private readonly options: { snowPass?: 'carried' | 'separate' } = {}) {}

  setWeather(weather: SceneWeather): void {
    this.weather = weather;
  }

  setEffects(effects: SceneEffects): void {
    this.effects = effects;
  }

  setLook(look: SceneLook): void {
    this.look = look;
  }

  async loadScene(doc: FracturedDoc, passes: readonly PassName[], plate: PlateImage | null = null): Promise<void> {
    const gpu = await createGpuDevice();
    this.deviceDescription = gpu.description;
    this.float32Blendable = gpu.device.features.has('float32-blendable');
    const [w, h] = doc.scene.resolution;
    this.width = w;
    this.height = h;
    this.passes = passes;
    this.renderer = new THREE.WebGPURenderer({
      canvas: offscreenCanvas(w, h) as HTMLCanvasElement,
      device: gpu.device,
      antialias: false,
    } as ConstructorParameters<typeof THREE.WebGPURenderer>[0]);
    await this.renderer.init();
    this.readBack = new ReadBack(this.renderer);
    // No requestAnimationFrame in Node: the frame clock is driven by hand in renderFrame.
    (this.renderer as unknown as { _animation: { setContext(c: unknown): void } })._animation.setContext({
      requestAnimationFrame: () => 1,
      cancelAnimationFrame() {},
    });
    this.renderer.shadowMap.enabled = true;
    this.renderer.setClearColor(0x000000, 0);
    this.renderer.shadowMap.type = THREE.PCFShadowMap;
    this.doc = doc;
    this.parts = buildThreeScene(doc, plate);
    const plan = plannedRenders(passes);
    this.aux = buildAuxScenes(this.parts, plan.geometry, plan.shadow);
    if (this.weather) {
      applyAtmosphere(this.parts, this.weather.atmosphere);
      if (this.weather.snow) {
        this.snowLayer = new SnowLayer(this.weather.atmosphere, this.weather.lens, w);
        // Carried in the id render where the float target blends (rgba32float with float32-blendable).
        if (this.float32Blendable && this.options.snowPass !== 'separate') this.carriedSnow = new CarriedSnow(this.parts, this.snowLayer.geometry);
        else this.separateSnow = new SeparateSnowScene(this.parts, this.snowLayer.geometry, this.snowLayer.color);
        this.snowCover = new SnowCover(this.parts);
      }
    }
    this.tiles = planTiles(w, h, Number(process.env.AFTERMATH_MAX_TILE_PX) || MAX_TILE_PX);
    const tw = Math.max(...this.tiles.map((t) => t.w));
    const th = Math.max(...this.tiles.map((t) => t.h));
    this.beautyTarget = new THREE.RenderTarget(tw, th, { type: THREE.HalfFloatType, depthBuffer: true });
    if (this.effects?.debris) this.debrisLayer = new DebrisLayer(this.parts.beautyScene);
    if (this.effects?.dustLook) {
      this.dustLayer = new DustLayer(this.parts, this.effects.dustLook, this.weather?.atmosphere ?? null, doc.scene.sun.direction, tw, th, this.effects.dustDims);
      this.debrisLayer?.addCopy(this.dustLayer.depthScene, this.dustLayer.depthMaterial);
      this.dustShadow = new DustShadow(this.dustLayer.texture);
    }
    // Strength 0 builds nothing: the render path without ambient occlusion, unchanged.
    if (this.look.ambientOcclusion > 0) {
      this.ao = new AmbientOcclusion(this.parts, this.look.ambientOcclusion, w, tw, th);
      this.debrisLayer?.addCopy(this.ao.scene, this.ao.geometryMaterial);
    }
    if (passes.includes('emission')) this.emission = new EmissionPass(this.parts.beautyScene);
    if (plan.id || plan.geometry || plan.shadow || this.carriedSnow || (this.separateSnow && passes.includes('snow'))) this.floatTarget = new THREE.RenderTarget(tw, th, { type: THREE.FloatType, depthBuffer: true });
  }

  /**
   * Renders a scene into a full-frame RGBA array, tile by tile (the camera's view offset
   * picks each tile), so frames larger than a render target still fit in memory. `perTile`
   * runs first for each tile, view offset set (the dust's depth pre-pass).
   */
  private async renderTiled(
    scene: THREE.Scene,
    target: THREE.RenderTarget,
    half: boolean,
    perTile?: (tile: { x: number; y: number; w: number; h: number }) => void,
  ): Promise<Float32Array> {
    const { width: W, height: H } = this;
    const cam = this.parts.camera;
    let out: Float32Array | null = null;
    for (const t of this.tiles) {
      if (this.tiles.length > 1) cam.setViewOffset(W, H, t.x, t.y, t.w, t.h);
      perTile?.(t);
      this.renderer.setRenderTarget(target);
      this.renderer.setViewport(0, 0, t.w, t.h);
      this.renderer.render(scene, cam);
      const px = await this.readBack.read(target, t.w, t.h);
      // One tile, full float: the read-back array is the frame already (a fresh one each time).
      if (!half && this.tiles.length === 1 && px.length === W * H * 4) return px as Float32Array;
      out ??= new Float32Array(W * H * 4);
      for (let y = 0; y < t.h; y++) {
        const src = y * t.w * 4;
        const dst = ((t.y + y) * W + t.x) * 4;
        if (half) halfsToFloats(px as Uint16Array, src, out, dst, t.w * 4);
        else out.set((px as Float32Array).subarray(src, src + t.w * 4), dst);
      }
    }
    if (this.tiles.length > 1) cam.clearViewOffset();
    return out as Float32Array;
  }

  private renderFloat(scene: THREE.Scene): Promise<Float32Array> {
    return this.renderTiled(scene, this.floatTarget as THREE.RenderTarget, false);
  }

  /**
   * The beauty alone for a set of piece poses (the motion-blur sub-frames use it), the last
   * renderFrame's debris advanced by `subframeS` seconds.
   */
  async renderBeauty(pieces: Float32Array, subframeS = 0): Promise<Float32Array> {
    // A new node frame: the sun's shadow map is redrawn (once for all tiles) for these poses,
    // so sub-frames cast their own shadows, not the frame's.
    this.newNodeFrame();
    applyPieceStates(this.parts, this.doc, pieces);
    this.debrisLayer?.update(this.frameDebris, this.frameTimeS, subframeS);
    this.dustShadow?.applyTo(this.parts.beautyScene);
    const ao = this.ao;
    if (!ao) return this.renderTiled(this.parts.beautyScene, this.beautyTarget, true);
    // The occlusion of these very poses, tile by tile, read by the materials at their pixel.
    ao.applyTo(this.parts.beautyScene);
    const tiled = this.tiles.length > 1;
    return this.renderTiled(this.parts.beautyScene, this.beautyTarget, true, (t) => ao.render(this.renderer, this.parts.camera, t, this.width, this.height, tiled));
  }

  /** Starts a new node frame: per-frame uniforms (the lights) and the shadow map are updated on their next use. */
  private newNodeFrame(): void {
    (this.renderer as unknown as { _nodes: { nodeFrame: { update(): void } } })._nodes.nodeFrame.update();
  }

  async renderFrame(state: FrameState): Promise<FramePasses> {
    const { width: w, height: h } = this;
    const n = w * h;
    if (this.snowCover && state.snow) this.snowCover.update(state.snow.cover);
    this.frameDebris = state.debris ?? null;
    this.frameTimeS = state.timeS;
    if (this.dustLayer) {
      // The cloud is lit and uploaded first: the beauty reads its sun transmittance (its shadow).
      const layer = this.dustLayer;
      this.dustDrawn = !!state.dust && layer.update(state.dust, state.timeS, this.parts.camera);
      this.dustShadow?.update(this.dustDrawn ? (state.dust ?? null) : null, layer.texture);
    }
    const beauty = await this.renderBeauty(state.pieces);
    const out: FramePasses = { frame: state.frame, width: w, height: h, beauty };
    const want = (p: PassName) => this.passes.includes(p);
    const plan = plannedRenders(this.passes);
    const snow = this.snowLayer && state.snow ? state.snow : null;
    let buildMs = 0;
    if (snow) {
      const t0 = performance.now();
      (this.snowLayer as SnowLayer).update(snow, this.parts.camera);
      buildMs = performance.now() - t0;
    }
    // The id render, carrying the snow when it can (see CarriedSnow); hidden in frames without.
    this.carriedSnow?.show(!!snow, want('snow'));
    let id: Uint32Array | null = null;
    this.idPassMs = 0;
    if (plan.id || (snow && this.carriedSnow)) {
      const t0 = performance.now();
      const raw = await this.renderFloat(this.parts.idScene);
      this.idPassMs = performance.now() - t0;
      if (plan.id) {
        id = new Uint32Array(n);
        for (let i = 0; i < n; i++) id[i] = Math.max(0, Math.round(raw[i * 4]));
        if (want('id')) out.id = id;
        if (want('alpha')) out.alpha = Float32Array.from(id, (v) => (v > 0 ? 1 : 0));
      }
      if (snow && this.carriedSnow) {
        const unpacked = unpackCarriedSnow(raw, n, (this.snowLayer as SnowLayer).color.value, want('snow'));
        out.snow = unpacked.snow;
        if (unpacked.depth) out.snowDepth = unpacked.depth;
        this.snowTimings = { buildMs, passMs: performance.now() - t0, carried: true };
      }
    }
    await readAuxPasses(this.aux, plan, want, (scene) => this.renderFloat(scene), out, (depth) =>
      state.previous && id ? motionVectors(w, h, depth, id, this.doc.scene.camera, state.pieces, state.previous) : new Float32Array(n * 2),
    );
    if (snow && this.separateSnow) {
      const t1 = performance.now();
      const half = !this.float32Blendable;
      Object.assign(out, await this.separateSnow.render((scene, z) => this.renderTiled(scene, half && !z ? this.beautyTarget : (this.floatTarget as THREE.RenderTarget), half && !z), want('snow')));
      this.snowTimings = { buildMs, passMs: performance.now() - t1, carried: false };
    }
    if (this.dustLayer) out.dust = await this.renderDust(state);
    if (this.emission) {
      const e = this.emission;
      const draw = () => this.renderTiled(this.parts.beautyScene, this.beautyTarget, true);
      const surfaces = e.hasEmitters() ? await e.emittedOnly(draw, () => this.newNodeFrame()) : null;
      out.emission = emissionRgb(n, surfaces, out.dust, out.snow, this.snowLayer?.emissionShare ?? 0);
    }
    this.renderer.setRenderTarget(null);
    return out;
  }

  /** The dust alone (premultiplied, held out by pieces, ground and debris); transparent black without dust. */
  private async renderDust(state: FrameState): Promise<Float32Array> {
    const layer = this.dustLayer as DustLayer;
    const cam = this.parts.camera;
    if (!this.dustDrawn) {
      this.dustTimings = { lightingMs: layer.lightingMs, passMs: 0 };
      return new Float32Array(this.width * this.height * 4);
    }
    const t0 = performance.now();
    this.renderer.setClearColor(0x000000, 0);
    const dust = await this.renderTiled(layer.scene, this.beautyTarget, true, (t) => layer.renderDepth(this.renderer, cam, t));
    this.dustTimings = { lightingMs: layer.lightingMs, passMs: performance.now() - t0 };
    return dust;
  }

  async dispose(): Promise<void> {
    this.beautyTarget?.dispose();
    this.floatTarget?.dispose();
    this.dustLayer?.dispose();
    this.debrisLayer?.dispose();
    this.ao?.dispose();
    this.readBack?.dispose();
    this.renderer?.dispose();
  }
}

import * as THREE from 'three/webgpu';
import type { Node } from 'three/webgpu';
import {
  Break, Fn, If, Loop, cameraPosition, dot, exp, float, fract, ivec2, max, min, positionView, positionWorld, screenCoordinate, select, texture, texture3D, uniform, vec3, vec4,
} from 'three/tsl';
import type { DustLook, DustVolumeFrame } from '../dust/dust-frame.js';
import type { AtmosphereDoc } from '../weather/atmosphere.js';
import type { ThreeSceneParts } from './three-scene.js';
import { lightDust, packDustTexels } from './dust-lighting.js';
import { bakeBillowNoise } from './dust-noise.js';

/** Ray-march samples per pixel (at most; a sample is never shorter than MIN_STEP_CELLS). */
const STEPS = 64;
const MIN_STEP_CELLS = 0.3;
/** March ends once the view transmittance is below this. */
const OPAQUE_T = 0.004;
/** Two-lobe Henyey–Greenstein phase of mineral dust: a forward lobe and a weaker back lobe. */
const PHASE_FORWARD_G = 0.5;
const PHASE_BACK_G = -0.25;
const PHASE_BACK_WEIGHT = 0.25;
/** Baked billow noise: texels per side; grid cells one tile spans; billows across a tile (its coarse Worley period). */
const NOISE_TEXELS = 32;
const NOISE_TILE_CELLS = 12;
const NOISE_FEATURES_PER_TILE = 4;
/** Contrast of the billows: density × 2·saturate(0.5 + DETAIL_CONTRAST·(n − 0.5)) (mean kept). */
const DETAIL_CONTRAST = 3;
/** Sub-grid self-shadow: the billows' density is also baked this many billows towards the sun. */
const DETAIL_SHADOW_FEATURES = 0.5;
/** The noise rises with the warm dust, m/s (so the detail is not nailed to the world). */
const DETAIL_RISE_MPS = 0.6;

/**
 * Multiple scattering, approximately: a second octave (Wrenninge) with the sun's optical depth
 * quartered (T^¼) and a flatter phase, weighted per channel by H(1)² − 1 — what multiple
 * scattering adds to single scattering off a thick isotropic cloud (Chandrasekhar's H function
 * in Hapke's form, H(1) = 3 / (1 + 2√(1 − ω))): ≈ 0.7 at ω = 0.58, 2.7 at ω = 0.92.
 */
export function multipleScatteringWeight(albedo: number): number {
  const h = 3 / (1 + 2 * Math.sqrt(Math.max(0, 1 - albedo)));
  return h * h - 1;
}

/**
 * The dust cloud as a separate layer (like the snow): a box over the grid's occupied cells whose
 * fragment shader marches the view ray through the volume — density from an RGBA8 3D texture
 * (`packDustTexels`) times sub-grid billow noise; single scattering of the sun (the CPU-swept
 * self-shadow, corrected by the billows' own shade, a two-lobe Henyey–Greenstein phase, and a
 * softened second octave standing in for multiple scattering) and of the sky (the hemisphere light
 * seen through the cloud) — composited front to back. The march stops at the nearest piece,
 * ground or debris: their Z is drawn first into `depthTarget` (same tile, same pixel) and read per
 * fragment. Output: the dust alone, premultiplied RGBA on transparent black, height-fogged at its
 * mean depth. Not modelled: the buildings' shadows on the dust (the dust's shadow on the scene: DustShadow).
 */
export class DustLayer {
  readonly scene = new THREE.Scene();
  /** Z (metres along the view axis, 0 = nothing) of what holds the dust out. */
  readonly depthScene = new THREE.Scene();
  readonly depthTarget: THREE.RenderTarget;
  /** Writes Z: for anything else added to `depthScene` (the debris) to hold the dust out. */
  readonly depthMaterial = new THREE.MeshBasicNodeMaterial();
  /** CPU lighting and upload preparation time of the last update, ms. */
  lightingMs = 0;
  private readonly box: THREE.Mesh;
  private volume: THREE.Data3DTexture;
  private readonly volumeNode: ReturnType<typeof texture3D>;
  private texels: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  private readonly u = {
    originM: uniform(new THREE.Vector3()),
    extentM: uniform(new THREE.Vector3(1, 1, 1)),
    boxMinM: uniform(new THREE.Vector3()),
    boxMaxM: uniform(new THREE.Vector3()),
    minStepM: uniform(0.1),
    rhoMax: uniform(0),
    massExtinction: uniform(0),
    albedo: uniform(new THREE.Vector3()),
    msWeight: uniform(new THREE.Vector3()),
    sunDir: uniform(new THREE.Vector3(0, 1, 0)),
    sunE: uniform(new THREE.Vector3()),
    ambSky: uniform(new THREE.Vector3()),
    ambGround: uniform(new THREE.Vector3()),
    camFwd: uniform(new THREE.Vector3(0, 0, -1)),
    noisePerM: uniform(1),
    noiseOffset: uniform(new THREE.Vector3()),
    fogSigma: uniform(0),
    fogHeightM: uniform(1),
    fogColor: uniform(new THREE.Vector3()),
    /** The tile's top-left pixel in the frame (the jitter follows the frame's pixel, not the tile's). */
    tilePx: uniform(new THREE.Vector2()),
  };

  /** `dims`: the grid's dims when known up front (the texture is then made at its final size). */
  constructor(parts: ThreeSceneParts, private readonly look: DustLook, atmosphere: AtmosphereDoc | null, private readonly sunDirection: readonly number[], tileW: number, tileH: number, dims?: readonly [number, number, number]) {
    const u = this.u;
    this.volume = volumeTexture(new Uint8Array(dims ? dims[0] * dims[1] * dims[2] * 4 : 4), dims ?? [1, 1, 1]);
    this.volumeNode = texture3D(this.volume, vec3(0), float(0));
    this.scene.background = null;
    this.depthScene.background = new THREE.Color(0, 0, 0);
    this.depthTarget = new THREE.RenderTarget(tileW, tileH, { type: THREE.FloatType, format: THREE.RedFormat, depthBuffer: true });
    this.depthMaterial.colorNode = vec3(positionView.z.negate(), 0, 0);
    const ground = new THREE.Mesh(parts.ground.geometry, this.depthMaterial);
    ground.position.copy(parts.ground.position);
    const occluders = parts.makeBatch(this.depthMaterial);
    parts.followers.push(occluders);
    this.depthScene.add(ground, occluders);

    // The light the beauty uses: the sun's colour × intensity (irradiance), the hemisphere's sky
    // and ground as radiance (three.js: a white Lambert surface under E shows E/π), half each.
    const sun = parts.sun;
    u.sunDir.value.set(sunDirection[0], sunDirection[1], sunDirection[2]).normalize();
    u.sunE.value.set(sun.color.r, sun.color.g, sun.color.b).multiplyScalar(sun.intensity);
    parts.beautyScene.traverse((o) => {
      const hemi = o as THREE.HemisphereLight;
      if (!hemi.isHemisphereLight) return;
      const k = (0.5 * hemi.intensity) / Math.PI;
      u.ambSky.value.set(hemi.color.r, hemi.color.g, hemi.color.b).multiplyScalar(k);
      u.ambGround.value.set(hemi.groundColor.r, hemi.groundColor.g, hemi.groundColor.b).multiplyScalar(k);
    });
    u.albedo.value.set(...look.albedo);
    u.msWeight.value.set(...(look.albedo.map(multipleScatteringWeight) as [number, number, number]));
    u.massExtinction.value = look.massExtinctionM2PerG;
    if (atmosphere && atmosphere.fogDensityPerM > 0) {
      u.fogSigma.value = atmosphere.fogDensityPerM;
      u.fogHeightM.value = atmosphere.fogHeightM;
      u.fogColor.value.set(...atmosphere.fogColor);
    }

    const shift = u.sunDir.value.clone().multiplyScalar((DETAIL_SHADOW_FEATURES / NOISE_FEATURES_PER_TILE) * NOISE_TEXELS);
    const mat = new THREE.MeshBasicNodeMaterial({ side: THREE.BackSide, depthTest: false, depthWrite: false, blending: THREE.NoBlending });
    mat.fog = false;
    mat.toneMapped = false;
    mat.fragmentNode = this.marchNode(this.depthTarget.texture, bakeBillowNoise(NOISE_TEXELS, [shift.x, shift.y, shift.z]));
    this.box = new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1).translate(0.5, 0.5, 0.5), mat);
    this.box.frustumCulled = false;
    this.box.visible = false;
    this.scene.add(this.box);
  }

  /** Lights one frame's grid on the CPU and uploads it. Returns false (nothing to draw) when the grid holds no dust. */
  update(frame: DustVolumeFrame, timeS: number, camera: THREE.PerspectiveCamera): boolean {
    const t0 = performance.now();
    const lit = lightDust(frame, this.look, this.sunDirection);
    const [nx, ny, nz] = frame.dims;
    if (lit.densityMaxGPerM3 <= 0) {
      this.box.visible = false;
      this.lightingMs = performance.now() - t0;
      return false;
    }
    this.texels = packDustTexels(frame, lit, this.texels);
    const img = this.volume.image as { width: number; height: number; depth: number; data: Uint8Array };
    if (img.width !== nx || img.height !== ny || img.depth !== nz) {
      this.volume.dispose();
      this.volume = volumeTexture(this.texels, frame.dims);
      this.volumeNode.value = this.volume;
    } else img.data = this.texels;
    this.volume.needsUpdate = true;
    // March only the cells that hold dust (one cell of margin for the filtering).
    const [lo, hi] = occupiedCells(frame);
    this.lightingMs = performance.now() - t0;

    const u = this.u;
    const c = frame.cellM;
    u.originM.value.set(...frame.originM);
    u.extentM.value.set(nx * c, ny * c, nz * c);
    u.boxMinM.value.set(lo[0] * c, lo[1] * c, lo[2] * c).add(u.originM.value);
    u.boxMaxM.value.set(hi[0] * c, hi[1] * c, hi[2] * c).add(u.originM.value);
    u.minStepM.value = MIN_STEP_CELLS * c;
    u.rhoMax.value = lit.densityMaxGPerM3;
    u.noisePerM.value = 1 / (NOISE_TILE_CELLS * c);
    u.noiseOffset.value.set(0.37, -timeS * DETAIL_RISE_MPS * u.noisePerM.value, 0.61);
    camera.getWorldDirection(u.camFwd.value);
    this.box.position.copy(u.boxMinM.value);
    this.box.scale.copy(u.boxMaxM.value).sub(u.boxMinM.value);
    this.box.visible = true;
    return true;
  }

  /** Draws the occluders' Z for the current tile (at `x`, `y` in the frame, view offset set on `camera`); the march reads it pixel for pixel. */
  renderDepth(renderer: THREE.WebGPURenderer, camera: THREE.Camera, tile: { x: number; y: number; w: number; h: number }): void {
    this.u.tilePx.value.set(tile.x, tile.y);
    renderer.setRenderTarget(this.depthTarget);
    renderer.setViewport(0, 0, tile.w, tile.h);
    renderer.render(this.depthScene, camera);
  }

  /** The RGBA8 grid texture of the last update (replaced when the grid's dims change). */
  get texture(): THREE.Data3DTexture {
    return this.volume;
  }

  dispose(): void {
    this.depthTarget.dispose();
    this.volume.dispose();
  }

  /** The march, as a TSL fragment node: premultiplied RGBA of the dust along the pixel's ray. */
  private marchNode(depthTexture: THREE.Texture, noise: THREE.Data3DTexture) {
    const u = this.u;
    return Fn(() => {
      const ro = cameraPosition;
      const toFrag = positionWorld.sub(ro);
      const tExit = toFrag.length();
      const rd = toFrag.div(tExit).toVar();
      // Entry into the box (the fragment is on its far side, so the exit is the fragment).
      const safe = vec3(nonZero(rd.x), nonZero(rd.y), nonZero(rd.z));
      const tn = min(u.boxMinM.sub(ro).div(safe), u.boxMaxM.sub(ro).div(safe));
      const tEntry = max(max(tn.x, tn.y), max(tn.z, 0));
      // Stop at the nearest surface: its Z from the pre-pass at this very pixel of the tile.
      const z = vec4(texture(depthTexture).load(ivec2(screenCoordinate.xy))).x;
      const tEnd = min(tExit, select(z.greaterThan(0), z.div(max(dot(rd, u.camFwd), 1e-4)), float(1e9)));
      const color = vec3(0).toVar();
      const T = float(1).toVar();
      const tMean = float(0).toVar();
      If(tEnd.greaterThan(tEntry), () => {
        const dt = max(tEnd.sub(tEntry).div(STEPS), u.minStepM);
        // Interleaved gradient noise (Jimenez 2014) of the frame's pixel offsets the samples:
        // the step banding becomes a fine, even dither.
        const px = screenCoordinate.xy.add(u.tilePx).floor();
        const jitter = fract(float(52.9829189).mul(fract(px.x.mul(0.06711056).add(px.y.mul(0.00583715)))));
        const cosT = dot(rd, u.sunDir);
        const sunPhase = hg(cosT, PHASE_FORWARD_G).mul(1 - PHASE_BACK_WEIGHT).add(hg(cosT, PHASE_BACK_G).mul(PHASE_BACK_WEIGHT)).toVar();
        const msPhase = u.msWeight.mul(hg(cosT, PHASE_FORWARD_G / 3)).toVar();
        const shadowLenM = float(DETAIL_SHADOW_FEATURES / NOISE_FEATURES_PER_TILE).div(u.noisePerM);
        const a = tEntry.toVar();
        Loop(STEPS, () => {
          If(a.greaterThanEqual(tEnd).or(T.lessThan(OPAQUE_T)), () => {
            Break();
          });
          const len = min(dt, tEnd.sub(a));
          const s = a.add(len.mul(jitter));
          const p = ro.add(rd.mul(s));
          const v = this.volumeNode.sample(p.sub(u.originM).div(u.extentM)).level(float(0));
          const enc = v.r.mul(65280 / 65535).add(v.a.mul(255 / 65535));
          const sigmaGrid = enc.mul(enc).mul(u.rhoMax).mul(u.massExtinction);
          If(sigmaGrid.greaterThan(0), () => {
            // R: the billows here; G: the billows a little towards the sun.
            const nn = texture3D(noise, p.mul(u.noisePerM).add(u.noiseOffset), float(0));
            const alpha = float(1).sub(exp(sigmaGrid.mul(detail(nn.r)).mul(len).negate()));
            // The grid's sun transmittance (G = T^¼), corrected over the last stretch towards
            // the sun by the billows there: they shade their own lee side.
            const g4 = v.g.mul(exp(sigmaGrid.mul(float(1).sub(detail(nn.g))).mul(shadowLenM).mul(0.25))).min(1);
            const g2 = g4.mul(g4);
            const lightSun = u.sunE.mul(g2.mul(g2).mul(sunPhase).add(g4.mul(msPhase)));
            const lightSky = u.ambSky.mul(v.b).add(u.ambGround.mul(v.b.mul(0.5).add(0.5)));
            const w = T.mul(alpha);
            color.addAssign(u.albedo.mul(lightSun.add(lightSky)).mul(w));
            tMean.addAssign(s.mul(w));
            T.mulAssign(float(1).sub(alpha));
          });
          a.addAssign(dt);
        });
      });
      const coverage = float(1).sub(T);
      // Height fog between the camera and the dust, at its transmittance-weighted mean depth.
      const d = tMean.div(max(coverage, 1e-6));
      const e0 = exp(ro.y.negate().div(u.fogHeightM));
      const e1 = exp(ro.y.add(rd.y.mul(d)).negate().div(u.fogHeightM));
      const od = select(rd.y.abs().greaterThan(1e-4), u.fogSigma.mul(u.fogHeightM).mul(e0.sub(e1)).div(rd.y), u.fogSigma.mul(d).mul(e0));
      const tf = exp(od.max(0).negate());
      return vec4(color.mul(tf).add(u.fogColor.mul(coverage).mul(float(1).sub(tf))), coverage);
    })();
  }
}

function volumeTexture(data: Uint8Array, dims: readonly number[]): THREE.Data3DTexture {
  const t = new THREE.Data3DTexture(data, dims[0], dims[1], dims[2]);
  t.minFilter = t.magFilter = THREE.LinearFilter;
  t.unpackAlignment = 1;
  // Uploaded from the start: the beauty's materials bind it (the cloud's shadow) in frames
  // before the first dust too, and a 3D texture never uploaded binds as nothing valid.
  t.needsUpdate = true;
  return t;
}

/** The box of cells holding dust, with one cell of margin, clamped to the grid: [lo, hi) per axis. */
function occupiedCells(frame: DustVolumeFrame): [number[], number[]] {
  const [nx, ny, nz] = frame.dims;
  const lo = [nx, ny, nz];
  const hi = [0, 0, 0];
  const rho = frame.densityGPerM3;
  for (let k = 0, i = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!(rho[i] > 0)) continue;
        if (x < lo[0]) lo[0] = x;
        if (x >= hi[0]) hi[0] = x + 1;
        if (j < lo[1]) lo[1] = j;
        if (j >= hi[1]) hi[1] = j + 1;
        if (k < lo[2]) lo[2] = k;
        if (k >= hi[2]) hi[2] = k + 1;
      }
    }
  }
  return [lo.map((v) => Math.max(0, v - 1)), hi.map((v, a) => Math.min(frame.dims[a], v + 1))];
}

/** The density multiplier of the billow noise n (0..1, mean 0.5): 0 in the gaps, up to 2 in the billows. */
function detail(n: Node<'float'>) {
  return n.sub(0.5).mul(DETAIL_CONTRAST).add(0.5).clamp(0, 1).mul(2);
}

/** A ray component kept away from zero (for 1/d), sign preserved. */
function nonZero(x: Node<'float'>) {
  return select(x.abs().lessThan(1e-6), select(x.lessThan(0), float(-1e-6), float(1e-6)), x);
}

/** Henyey–Greenstein phase function (1/sr) of the scattering angle's cosine. */
function hg(cosT: Node<'float'>, g: number) {
  return float((1 - g * g) / (4 * Math.PI)).div(float(1 + g * g).sub(cosT.mul(2 * g)).pow(1.5));
}

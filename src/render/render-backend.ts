import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { PassName } from '../spec/schema.js';
import type { FramePasses, FrameState } from './frame-passes.js';
import type { AtmosphereDoc } from '../weather/atmosphere.js';
import type { SnowLens } from './snow-layer.js';
import type { DustLook } from '../dust/dust-frame.js';

/** What the weather stage adds to a scene: the atmosphere and, with snow, the flakes' lens. */
export interface SceneWeather {
  atmosphere: AtmosphereDoc;
  /** Draw falling snow (FrameState.snow) and its cover. */
  snow: boolean;
  lens: SnowLens | null;
}
import type { PlateImage } from './plate-projection.js';

/** What the dust stage adds to a scene: how its cloud looks (null: no dust) and whether it has debris. */
export interface SceneEffects {
  dustLook: DustLook | null;
  debris: boolean;
  /** The dust grid's cell counts (the cache header's), when known: its texture is made at this size up front. */
  dustDims?: readonly [number, number, number];
}

/** What the shot's look asks of the renderer. */
export interface SceneLook {
  /**
   * Ambient occlusion of the sky light, 0..1 (0 = off: exactly the render without it). A
   * backend that is never told renders with 1.
   */
  ambientOcclusion: number;
}

/**
 * The seam between the pipeline and a renderer (in the spirit of three.js
 * renderers/common/Backend): a backend loads a fractured scene once, then renders frames
 * from simulation states into typed arrays. Only the passes asked for are rendered.
 */
export interface RenderBackend {
  readonly name: string;
  /** Which GPU API and adapter it runs on, for logs and the manifest. */
  readonly deviceDescription: string;
  /** `plate`: the plate's first frame, projected on to buildings with `textureFromPlate`. */
  loadScene(doc: FracturedDoc, passes: readonly PassName[], plate?: PlateImage | null): Promise<void>;
  /** The shot's weather (atmosphere, snow); call before loadScene. Backends without it ignore weather. */
  setWeather?(weather: SceneWeather): void;
  /**
   * The shot's dust and debris; call before loadScene. With a dust look, frames with
   * `FrameState.dust` get `FramePasses.dust`; with debris, `FrameState.debris` is drawn in the
   * beauty. Backends without it ignore both.
   */
  setEffects?(effects: SceneEffects): void;
  /** The shot's look (ambient occlusion); call before loadScene. Backends without it ignore it. */
  setLook?(look: SceneLook): void;
  renderFrame(state: FrameState): Promise<FramePasses>;
  /**
   * Scene-linear RGBA beauty alone for a set of piece poses (motion-blur sub-frames).
   * `subframeS`: the sub-frame's time offset from the last renderFrame's frame, seconds; the
   * debris of that frame are drawn at position + velocity × subframeS (default 0).
   */
  renderBeauty(pieces: Float32Array, subframeS?: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { PassName } from '../spec/schema.js';
import type { FramePasses, FrameState } from './frame-passes.js';
import type { AtmosphereDoc } from '../weather/atmosphere.js';
import type { SnowLens } from './snow-layer.js';

/** What the weather stage adds to a scene: the atmosphere and, with snow, the flakes' lens. */
export interface SceneWeather {
  atmosphere: AtmosphereDoc;
  /** Draw falling snow (FrameState.snow) and its cover. */
  snow: boolean;
  lens: SnowLens | null;
}
import type { PlateImage } from './plate-projection.js';

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
  renderFrame(state: FrameState): Promise<FramePasses>;
  /** Scene-linear RGBA beauty alone for a set of piece poses (motion-blur sub-frames). */
  renderBeauty(pieces: Float32Array): Promise<Float32Array>;
  dispose(): Promise<void>;
}

import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { PassName } from '../spec/schema.js';
import type { FramePasses, FrameState } from './frame-passes.js';

/**
 * The seam between the pipeline and a renderer (in the spirit of three.js
 * renderers/common/Backend): a backend loads a fractured scene once, then renders frames
 * from simulation states into typed arrays. Only the passes asked for are rendered.
 */
export interface RenderBackend {
  readonly name: string;
  /** Which GPU API and adapter it runs on, for logs and the manifest. */
  readonly deviceDescription: string;
  loadScene(doc: FracturedDoc, passes: readonly PassName[]): Promise<void>;
  renderFrame(state: FrameState): Promise<FramePasses>;
  /** Scene-linear RGBA beauty alone for a set of piece poses (motion-blur sub-frames). */
  renderBeauty(pieces: Float32Array): Promise<Float32Array>;
  dispose(): Promise<void>;
}

import type { ShotSpec } from '../src/spec/schema.js';
import type { FracturedDoc } from '../src/fracture/fractured-doc.js';
import type { FramePasses } from '../src/render/frame-passes.js';
import { runWeather, snowFrameAt } from '../src/pipeline/run-weather.js';
import { WebGpuBackend } from '../src/render/webgpu-backend.js';
import { restPoses } from '../src/simulate/rest-poses.js';

/** Renders frame 1 (t = 1 s, 1/48 s shutter) of a snow shot with every piece at rest, the shot's passes, on a fresh backend. */
export async function renderSnowFrame(spec: ShotSpec, doc: FracturedDoc, options: ConstructorParameters<typeof WebGpuBackend>[0] = {}): Promise<FramePasses> {
  const weather = runWeather(spec, doc);
  const pieces = restPoses(doc);
  const be = new WebGpuBackend(options);
  try {
    be.setWeather({ atmosphere: weather.atmosphere, snow: true, lens: null });
    await be.loadScene(doc, spec.output.passes);
    return await be.renderFrame({ frame: 1, timeS: 1, pieces, snow: snowFrameAt(weather, 1, 1 / 48, pieces) ?? undefined });
  } finally {
    await be.dispose();
  }
}

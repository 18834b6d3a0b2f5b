import { existsSync, readdirSync } from 'node:fs';
import { create, globals } from 'webgpu';
import { AftermathError } from '../core/errors.js';

export type DawnBackendName = 'opengles' | 'vulkan';

export interface GpuDevice {
  device: GPUDevice;
  backend: DawnBackendName;
  featureLevel: 'compatibility' | 'core';
  description: string;
}

/**
 * Keeps the object returned by `create()` alive for the life of the process: Dawn crashes
 * in ProcessEvents when it is garbage-collected.
 */
const keepAlive: unknown[] = [];

function hasGpuNode(): boolean {
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/dev/dri').some((n) => n.startsWith('renderD')) && existsSync('/dev/nvidiactl');
  } catch {
    return false;
  }
}

/** Picks Dawn's backend: AFTERMATH_GPU_BACKEND if set, Vulkan where a GPU is present, else GLES on llvmpipe. */
export function chooseBackend(env: NodeJS.ProcessEnv = process.env): DawnBackendName {
  const forced = env.AFTERMATH_GPU_BACKEND;
  if (forced === 'opengles' || forced === 'vulkan') return forced;
  if (forced) {
    throw new AftermathError(`AFTERMATH_GPU_BACKEND must be opengles or vulkan, got "${forced}"`, 'render.bad_backend');
  }
  return hasGpuNode() ? 'vulkan' : 'opengles';
}

export async function createGpuDevice(backend = chooseBackend()): Promise<GpuDevice> {
  if (backend === 'opengles' && !process.env.EGL_PLATFORM) process.env.EGL_PLATFORM = 'surfaceless';
  Object.assign(globalThis, globals);
  const gpu = create([`backend=${backend}`]);
  keepAlive.push(gpu);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  const featureLevel = backend === 'vulkan' ? 'core' : 'compatibility';
  const adapter = await gpu.requestAdapter({ featureLevel } as GPURequestAdapterOptions);
  if (!adapter) {
    throw new AftermathError(
      `no WebGPU adapter on Dawn's ${backend} backend (set AFTERMATH_GPU_BACKEND=opengles to use Mesa's llvmpipe)`,
      'render.no_adapter',
    );
  }
  const device = await adapter.requestDevice({
    requiredFeatures: [...adapter.features] as GPUFeatureName[],
    requiredLimits: { maxColorAttachmentBytesPerSample: adapter.limits.maxColorAttachmentBytesPerSample },
  });
  const info = adapter.info as unknown as { vendor?: string; architecture?: string; description?: string; device?: string };
  const name = [info?.vendor, info?.architecture, info?.description || info?.device].filter(Boolean).join(' ');
  return { device, backend, featureLevel, description: `dawn/${backend} ${featureLevel}${name ? ` (${name})` : ''}` };
}

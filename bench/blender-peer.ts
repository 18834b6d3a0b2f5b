/**
 * Blender 3.4 as a peer, measured in the same run on this machine: Cell Fracture, a Bullet
 * rigid-body bake and a Cycles render, each against Aftermath's own number for the same work.
 *
 * - fracture: the 12-storey 30 x 20 m building of bench/fracture-bench.ts. Aftermath's exact
 *   Voronoi fracture of its members vs the Cell Fracture add-on cutting the same members at
 *   the same points (each piece's centre as a site, so the piece counts agree).
 * - simulate: the building of bench/simulate-bench.ts, collapsing (pancake from the 4th storey
 *   at t = 0), 2 s at 1/120 s. Aftermath's simulate vs a Bullet bake of the same pieces as
 *   convex hulls, 48 frames x 5 substeps at 24 fps (= 240 steps of 1/120 s): the pieces
 *   Aftermath fails at t = 0 pass through the structure (they collide with the ground only)
 *   and every other piece is a loose active hull, so the storeys above fall.
 * - render: examples/tower-collapse.shot.yaml. Aftermath's seconds per 1080p frame with all
 *   passes (timed as bench/run.ts times it) vs Cycles, 64 spp on the CPU, rendering one frame
 *   of Aftermath's own glTF export of the shot with a sun, a Preetham sky and a ground like
 *   Aftermath's. Both images are written as PNGs so they can be compared.
 *
 * Ratios are Blender / Aftermath: how many times faster Aftermath is (> 1: Aftermath faster).
 * Wall-clock seconds are the headline; CPU seconds (all threads of the process) are given
 * beside them because the machine is shared and wall time moves with the load.
 *
 * Blender runs as `blender -b --factory-startup --python-exit-code 1 -P bench/blender/X.py --
 * JOB.json OUT.json`. When `blender` is not on PATH the peer is skipped (one row says why),
 * unless BENCH_BLENDER=install, which installs it with apt-get (sudo when not root). Never
 * part of the product: only this bench installs or runs Blender.
 *
 * Alone: `node --import tsx bench/blender-peer.ts [--fracture=1000,5000] [--simulate=1000,5000]
 * [--seconds=2] [--frame=60] [--samples=64] [--only=fracture,simulate,render] [--out=DIR]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/core/rng.js';
import { validateShot } from '../src/spec/validate-spec.js';
import { loadShotFile } from '../src/spec/load-spec.js';
import { buildScene } from '../src/scene/build-scene.js';
import { fractureScene } from '../src/fracture/fracture-scene.js';
import type { FracturedDoc } from '../src/fracture/fractured-doc.js';
import { simulate } from '../src/simulate/simulate.js';
import { BondState } from '../src/simulate/bond-state.js';
import { planFailures } from '../src/simulate/failure-plan.js';
import { PIECE_FRICTION, PIECE_RESTITUTION } from '../src/simulate/physics-world.js';
import { SimCacheReader, writeSimCache } from '../src/simulate/sim-cache.js';
import { exportGlb } from '../src/export/gltf-export.js';
import { runFracture, runScene } from '../src/pipeline/run-stages.js';
import { compositeFrame } from '../src/composite/composite-frame.js';
import { writePng8 } from '../src/encode/png-frames.js';
import type { PassName } from '../src/spec/schema.js';

export type PeerStage = 'fracture' | 'simulate' | 'render';

export interface BlenderPeerOptions {
  /** Fragment budgets of the fracture building (bench/fracture-bench.ts); default [1000]. */
  fractureTargets?: number[];
  /** Fragment budgets of the simulated building (bench/simulate-bench.ts); default [1000, 5000]. */
  simulateTargets?: number[];
  /** Simulated seconds (at 24 fps, 5 substeps a frame); default 2. */
  simulateSeconds?: number;
  /** Frame of examples/tower-collapse.shot.yaml rendered by Cycles and written as PNGs; default 60. */
  renderFrame?: number;
  /** Cycles samples per pixel; default 64. */
  samples?: number;
  /** Which comparisons to run; default all three. */
  only?: PeerStage[];
  /** Jobs, logs, the .glb and the two PNGs; default `<tmpdir>/aftermath-blender-peer`. */
  outDir?: string;
  /** The Blender executable; default $BLENDER or `blender`. */
  blender?: string;
  /** apt-get install Blender when it is missing; default: BENCH_BLENDER=install. */
  install?: boolean;
  /** Longest any one Blender job may run, seconds (a guard against hangs; Cell Fracture at 5000 takes ~25 min); default 3600. */
  jobTimeoutS?: number;
  /** Progress lines; default stderr. */
  log?: (line: string) => void;
}

export interface BlenderPeerRow {
  stage: PeerStage | 'peer';
  /** What was compared, in words. */
  what: string;
  /** Unit of `ours` and `blender`. */
  unit: 's' | 'ms per simulated s' | 's per frame' | '';
  /** Aftermath's pieces (fracture, simulate) or the shot's pieces (render). */
  pieces?: number;
  /** Pieces on Blender's side (cells plus members left whole; bodies; imported piece objects). */
  blenderPieces?: number;
  /** Frames simulated (simulate) or the shot frame rendered (render). */
  frames?: number;
  ours: number | null;
  blender: number | null;
  /** blender / ours: how many times faster Aftermath is. */
  ratio: number | null;
  /** The same, in CPU seconds of each process (all threads). */
  oursCpu?: number;
  blenderCpu?: number;
  cpuRatio?: number;
  blenderVersion?: string;
  /** Why there is no Blender number. */
  skipped?: string;
  /** Settings and checks worth reading beside the number. */
  note?: string;
  /** Files written (PNGs, logs). */
  files?: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const scripts = path.join(here, 'blender');
const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };
const ALL_PASSES: PassName[] = ['beauty', 'alpha', 'depth', 'normal', 'motion', 'id', 'shadow'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall and CPU seconds of `fn` (CPU: this process, every thread). */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; wallS: number; cpuS: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const wallS = (performance.now() - t) / 1000;
  const cu = process.cpuUsage(c);
  return { value, wallS, cpuS: (cu.user + cu.system) / 1e6 };
}

// ---------------------------------------------------------------------------------------------
// Blender: find, install, run

interface BlenderFound {
  exe: string;
  version: string;
  /** Whether Blender's Python has numpy (its glTF importer, so the render peer, needs it). */
  numpy: boolean;
}

function blenderVersion(exe: string): string | null {
  const r = spawnSync(exe, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error || r.status !== 0) return null;
  return /Blender\s+(\d+\.\d+(?:\.\d+)?)/.exec(r.stdout)?.[1] ?? 'unknown';
}

/** Blender's glTF importer needs numpy, which Debian's blender package does not pull in. */
function blenderHasNumpy(exe: string): boolean {
  const r = spawnSync(exe, ['-b', '--factory-startup', '--python-exit-code', '1', '--python-expr', 'import numpy'], { encoding: 'utf8', timeout: 120_000 });
  return !r.error && r.status === 0;
}

/** apt-get install -y PACKAGES (sudo -n when not root); returns why it failed, or null. */
function aptInstall(packages: string[], log: (s: string) => void): string | null {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = (args: string[]) => {
    const [cmd, argv] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
    log(`blender-peer: ${cmd} ${argv.join(' ')}`);
    return spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 900_000, maxBuffer: 64 << 20 });
  };
  let r = apt(['install', '-y', ...packages]);
  if (r.status !== 0 && !r.error) {
    // Stale package lists are the usual cause; refresh once and try again.
    apt(['update']);
    r = apt(['install', '-y', ...packages]);
  }
  if (r.error || r.status !== 0) return `apt-get install -y ${packages.join(' ')} failed: ${(r.error?.message ?? r.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`;
  return null;
}

function findBlender(opts: BlenderPeerOptions, log: (s: string) => void): BlenderFound | { skipped: string } {
  const exe = opts.blender ?? process.env.BLENDER ?? 'blender';
  const install = opts.install ?? process.env.BENCH_BLENDER === 'install';
  let version = blenderVersion(exe);
  if (!version) {
    if (!install) return { skipped: `${exe} was not found on PATH or does not run (set BENCH_BLENDER=install to apt-get install it)` };
    const failed = aptInstall(['blender', 'python3-numpy'], log);
    if (failed) return { skipped: failed };
    version = blenderVersion(exe);
    if (!version) return { skipped: `installed Blender, but ${exe} --version still fails` };
  }
  let numpy = blenderHasNumpy(exe);
  if (!numpy && install && !aptInstall(['python3-numpy'], log)) numpy = blenderHasNumpy(exe);
  return { exe, version, numpy };
}

interface BlenderResult {
  seconds: number;
  cpuSeconds: number;
  blenderVersion: string;
  [key: string]: unknown;
}

/** Runs one bench/blender script on a job; throws with the log's tail when it fails. */
function runBlender(exe: string, script: string, job: unknown, outDir: string, name: string, timeoutS: number): BlenderResult {
  const jobPath = path.join(outDir, `${name}.job.json`);
  const outPath = path.join(outDir, `${name}.out.json`);
  const logPath = path.join(outDir, `${name}.log`);
  writeFileSync(jobPath, JSON.stringify(job));
  writeFileSync(outPath, '');
  const r = spawnSync(exe, ['-b', '--factory-startup', '--python-exit-code', '1', '-P', path.join(scripts, script), '--', jobPath, outPath], {
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    maxBuffer: 256 << 20,
  });
  writeFileSync(logPath, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  const text = readFileSync(outPath, 'utf8');
  if (r.error || r.status !== 0 || !text) {
    const why = r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit ${r.status}`);
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-6).join(' | ');
    throw new Error(`${script} failed (${why}; log ${logPath}): ${tail}`);
  }
  return JSON.parse(text) as BlenderResult;
}

// ---------------------------------------------------------------------------------------------
// The three comparisons

/** The building of bench/fracture-bench.ts with its fragment budget set to `target`. */
function fractureBuilding(target: number) {
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    elements: [{ building: { floors: 12, footprint: [30, 20], bays: [5, 4] } }],
  });
  const scene = buildScene(spec, { rng: createRng(1) });
  scene.buildings[0].fragments = target;
  return scene;
}

async function peerFracture(target: number, exe: string, outDir: string, timeoutS: number): Promise<BlenderPeerRow> {
  // A first, untimed run warms the JIT (and gives the pieces); the second is timed.
  const doc = fractureScene(fractureBuilding(target), { rng: createRng(1), ...hooks });
  const scene = fractureBuilding(target);
  const ours = await timed(() => fractureScene(scene, { rng: createRng(1), ...hooks }));
  const sites = new Map<string, number[][]>();
  for (const p of doc.pieces) sites.set(p.memberId, [...(sites.get(p.memberId) ?? []), [...p.centerM]]);
  const members = doc.scene.buildings[0].members.map((m) => ({ center: m.centerM, size: m.sizeM, rotationYRad: m.rotationYRad, sites: sites.get(m.id) ?? [] }));
  const b = runBlender(exe, 'cell_fracture.py', { members }, outDir, `fracture-${target}`, timeoutS);
  const whole = Number(b.membersWhole);
  return {
    stage: 'fracture',
    what: `fracture, 12-storey 30x20 m building (${members.length} members), budget ${target}`,
    unit: 's',
    pieces: ours.value.pieces.length,
    blenderPieces: Number(b.pieces),
    ours: ours.wallS,
    blender: b.seconds,
    ratio: b.seconds / ours.wallS,
    oursCpu: ours.cpuS,
    blenderCpu: b.cpuSeconds,
    cpuRatio: b.cpuSeconds / ours.cpuS,
    blenderVersion: b.blenderVersion,
    note:
      `Cell Fracture: ${b.membersFractured} members cut at the same sites (Child Verts, source limit 0, add-on defaults otherwise: ` +
      `boolean intersect, split islands, sharp edges, recentre), ${b.cells} cells; ${whole} one-piece members left whole ` +
      `(Cell Fracture makes no cell from one point). Ours: exact Voronoi cells + mass properties + ${ours.value.bonds.length} bonds, JIT warm.`,
  };
}

/** The building of bench/simulate-bench.ts, collapsing. */
function simulateSpec(target: number, seconds: number) {
  return validateShot({
    schema: 'aftermath.shot/1',
    frames: { fps: 24, count: Math.round(24 * seconds) + 1 },
    elements: [
      { building: { floors: 12, footprint: [30, 20], bays: [5, 4], fragments: Math.min(target, 50000) } },
      { collapse: { target: 'tower', startS: 0, initiationFloor: 4 } },
    ],
  });
}

/** Pieces that fail at t = 0 in Aftermath's collapse plan for `doc` (the same plan simulate makes). */
function failedAtStart(doc: FracturedDoc): number[] {
  const bonds = new BondState(doc.bonds, doc.pieces, doc.scene.ground.topY);
  const out: number[] = [];
  for (const c of doc.scene.collapses) {
    const b = doc.scene.buildings.find((x) => x.id === c.targetId);
    if (!b) continue;
    for (const s of planFailures(c, b, doc.pieces, bonds)) if (s.timeS <= 1e-9) out.push(...s.failPieces);
  }
  return [...new Set(out)].sort((a, z) => a - z);
}

async function peerSimulate(target: number, seconds: number, exe: string, outDir: string, timeoutS: number): Promise<BlenderPeerRow> {
  const spec = simulateSpec(target, seconds);
  const scene = buildScene(spec, { rng: createRng(1) });
  const doc = fractureScene(scene, { rng: createRng(1), ...hooks });
  const ours = await timed(() => simulate(doc, { rng: createRng(1), ...hooks }));
  const simulatedS = (scene.frameCount - 1) / scene.fps;
  const substeps = Math.round(1 / (scene.dtS * scene.fps));
  const failed = failedAtStart(doc);
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  const job = {
    pieces: doc.pieces.map((p) => ({ c: p.centerM, q: p.rotation, v: p.hull.vertices.map(round), f: p.hull.faces.map((f) => f.indices), m: p.massKg })),
    failed,
    ground: { topY: scene.ground.topY, sizeM: scene.ground.sizeM, friction: 0.9 },
    fps: scene.fps,
    frames: scene.frameCount,
    substeps,
    friction: PIECE_FRICTION,
    restitution: PIECE_RESTITUTION,
    solverIterations: 10,
  };
  const b = runBlender(exe, 'bullet_bake.py', job, outDir, `simulate-${target}`, timeoutS);
  const per = (s: number) => (1000 * s) / simulatedS;
  return {
    stage: 'simulate',
    what: `simulate, ${doc.pieces.length} pieces collapsing (pancake from storey 4 at t = 0), ${scene.frameCount - 1} frames x ${substeps} substeps = ${simulatedS} s`,
    unit: 'ms per simulated s',
    pieces: doc.pieces.length,
    blenderPieces: Number(b.pieces),
    frames: scene.frameCount - 1,
    ours: per(ours.wallS),
    blender: per(b.seconds),
    ratio: b.seconds / ours.wallS,
    oursCpu: per(ours.cpuS),
    blenderCpu: per(b.cpuSeconds),
    cpuRatio: b.cpuSeconds / ours.cpuS,
    blenderVersion: b.blenderVersion,
    note:
      `Bullet: every piece an active convex hull (origin at its centre of mass), no constraints, ${failed.length} failed pieces collide with the ground only, ` +
      `solver ${b.solverIterations} iterations, friction ${PIECE_FRICTION}, restitution ${PIECE_RESTITUTION}; after 2 s ${b.movedOver10cm} pieces had moved > 10 cm. ` +
      `Ours: bonded pieces fixed until they break, loose parts as compound bodies (${ours.value.header.events.length} events).`,
  };
}

async function peerRender(frame: number, samples: number, exe: string, outDir: string, timeoutS: number): Promise<BlenderPeerRow> {
  const { spec: full } = await loadShotFile(path.join(root, 'examples/tower-collapse.shot.yaml'));
  // bench/run.ts times frames 60, 61, 90 and 91: simulate up to the last frame needed.
  const timedFrames = [60, 61, 90, 91];
  const spec = { ...full, frames: { ...full.frames, count: Math.min(full.frames.count, Math.max(frame, ...timedFrames)) } };
  const { scene } = runScene(spec);
  const { fractured } = runFracture(spec, scene, hooks);
  const sim = await simulate(fractured, { rng: createRng(spec.seed).derive('simulate'), ...hooks });

  // Ours, timed as bench/run.ts times "render ms per 1080p frame, all passes"; frame 1 compiles shaders.
  const { WebGpuBackend } = await import('../src/render/webgpu-backend.js');
  const backend = new WebGpuBackend();
  await backend.loadScene(fractured, ALL_PASSES);
  const wall: number[] = [];
  const cpu: number[] = [];
  const ourPng = path.join(outDir, `render-aftermath-frame${frame}.png`);
  for (const f of [1, ...timedFrames.filter((f) => f <= spec.frames.count)]) {
    const r = await timed(() => backend.renderFrame({ frame: f, timeS: (f - 1) / spec.frames.fps, pieces: sim.frames[f - 1], previous: sim.frames[Math.max(0, f - 2)] }));
    if (f !== 1) {
      wall.push(r.wallS);
      cpu.push(r.cpuS);
    }
  }
  const passes = await backend.renderFrame({ frame, timeS: (frame - 1) / spec.frames.fps, pieces: sim.frames[frame - 1], previous: sim.frames[Math.max(0, frame - 2)] });
  const shown = compositeFrame(passes, scene.exposureEv);
  await writePng8(ourPng, shown.displayRgb8, shown.width, shown.height, 3);
  const device = backend.deviceDescription;
  await backend.dispose();

  // Aftermath's glTF export of the shot at that frame, as writeSceneExports makes it.
  const simPath = path.join(outDir, 'tower-collapse.simcache');
  await writeSimCache(simPath, sim.header, sim.frames);
  const glb = path.join(outDir, `tower-collapse-frame${frame}.glb`);
  const reader = await SimCacheReader.open(simPath);
  try {
    await exportGlb({ doc: fractured, reader, frames: { start: frame, end: frame }, outPath: glb, signal: hooks.signal });
  } finally {
    await reader.close();
  }
  const blenderPng = path.join(outDir, `render-blender-cycles-frame${frame}.png`);
  const b = runBlender(
    exe,
    'cycles_render.py',
    {
      glb,
      png: blenderPng,
      resolution: scene.resolution,
      samples,
      sun: { direction: scene.sun.direction, intensity: scene.sun.intensity, color: [1.0, 0.95, 0.86] },
      ground: { topY: scene.ground.topY, sizeM: scene.ground.sizeM, albedo: [0.09, 0.09, 0.094], roughness: 0.86 },
      exposureEv: scene.exposureEv,
      turbidity: 4,
      // Aftermath fills with a hemisphere light (0.9 x sky blue); the Preetham sky in Cycles
      // gives about 3.3x that irradiance on an upward face, so it lights at 0.3 (seen at 1).
      skyLightStrength: 0.3,
      look: 'Medium High Contrast',
      denoise: false,
    },
    outDir,
    `render-${frame}`,
    timeoutS,
  );
  const ours = median(wall);
  return {
    stage: 'render',
    what: `render, ${scene.resolution.join('x')} frame of tower-collapse (ours: all passes, median of frames ${timedFrames.join(', ')}; Cycles: frame ${frame}, ${samples} spp CPU)`,
    unit: 's per frame',
    pieces: fractured.pieces.length,
    blenderPieces: Number(b.meshObjects),
    frames: frame,
    ours,
    blender: b.seconds,
    ratio: b.seconds / ours,
    oursCpu: median(cpu),
    blenderCpu: b.cpuSeconds,
    cpuRatio: b.cpuSeconds / median(cpu),
    blenderVersion: b.blenderVersion,
    note:
      `Ours: ${device}, rasterised (sun shadow map, hemisphere light), passes ${ALL_PASSES.join('+')}. Cycles: path traced, ${samples} spp, adaptive sampling and denoiser off, ` +
      `Preetham sky (lighting at 0.3) + sun + ground, Filmic Medium High Contrast; ${Number(b.triangles)} triangles; time covers sync, BVH, render and PNG (glTF import ${Number(b.importSeconds).toFixed(1)} s apart).`,
    files: [ourPng, blenderPng, glb],
  };
}

// ---------------------------------------------------------------------------------------------

export async function benchBlenderPeer(opts: BlenderPeerOptions = {}): Promise<BlenderPeerRow[]> {
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const only = new Set<PeerStage>(opts.only ?? ['fracture', 'simulate', 'render']);
  const found = findBlender(opts, log);
  if ('skipped' in found) {
    return [{ stage: 'peer', what: 'Blender peer bench', unit: '', ours: null, blender: null, ratio: null, skipped: found.skipped }];
  }
  const outDir = opts.outDir ?? path.join(os.tmpdir(), 'aftermath-blender-peer');
  mkdirSync(outDir, { recursive: true });
  const timeoutS = opts.jobTimeoutS ?? 3600;
  const rows: BlenderPeerRow[] = [];
  const attempt = async (stage: PeerStage, what: string, fn: () => Promise<BlenderPeerRow>) => {
    log(`blender-peer: ${what} ...`);
    const t = performance.now();
    try {
      rows.push(await fn());
    } catch (err) {
      rows.push({ stage, what, unit: '', ours: null, blender: null, ratio: null, blenderVersion: found.version, skipped: `failed: ${(err as Error).message}` });
    }
    log(`blender-peer: ${what} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  const start = performance.now();
  if (only.has('fracture')) {
    for (const target of opts.fractureTargets ?? [1000]) {
      await attempt('fracture', `fracture ${target}`, () => peerFracture(target, found.exe, outDir, timeoutS));
    }
  }
  if (only.has('simulate')) {
    for (const target of opts.simulateTargets ?? [1000, 5000]) {
      await attempt('simulate', `simulate ${target}`, () => peerSimulate(target, opts.simulateSeconds ?? 2, found.exe, outDir, timeoutS));
    }
  }
  if (only.has('render')) {
    const frame = opts.renderFrame ?? 60;
    if (found.numpy) {
      await attempt('render', `render frame ${frame}`, () => peerRender(frame, opts.samples ?? 64, found.exe, outDir, timeoutS));
    } else {
      const skipped = "Blender's Python has no numpy, which its glTF importer needs (apt-get install python3-numpy, or BENCH_BLENDER=install)";
      rows.push({ stage: 'render', what: `render frame ${frame}`, unit: '', ours: null, blender: null, ratio: null, blenderVersion: found.version, skipped });
    }
  }
  rows.push({
    stage: 'peer',
    what: `whole peer bench (Blender ${found.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} at the end)`,
    unit: 's',
    ours: null,
    blender: null,
    ratio: null,
    blenderVersion: found.version,
    note: `${((performance.now() - start) / 1000).toFixed(0)} s in all; files in ${outDir}`,
  });
  return rows;
}

/** A Markdown table of the rows (the numbers only; notes follow it). */
export function formatPeerRows(rows: BlenderPeerRow[]): string {
  const n = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(d));
  const lines = [
    '| measure | unit | pieces (ours / Blender) | ours | Blender | Blender / ours | CPU: ours / Blender / ratio |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const pieces = r.pieces === undefined ? '' : `${r.pieces} / ${r.blenderPieces ?? '-'}`;
    const ratio = r.skipped ? `skipped: ${r.skipped}` : r.ratio === null ? (r.note ?? '') : `${n(r.ratio, 1)}x`;
    const cpu = r.cpuRatio === undefined ? '' : `${n(r.oursCpu)} / ${n(r.blenderCpu)} / ${n(r.cpuRatio, 1)}x`;
    lines.push(`| ${r.what} | ${r.unit} | ${pieces} | ${n(r.ours)} | ${n(r.blender)} | ${ratio} | ${cpu} |`);
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('blender-peer.ts')) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const nums = (s: string | undefined) => (s ? s.split(',').map(Number).filter((x) => x > 0) : undefined);
  const rows = await benchBlenderPeer({
    fractureTargets: nums(arg('fracture')),
    simulateTargets: nums(arg('simulate')),
    simulateSeconds: nums(arg('seconds'))?.[0],
    renderFrame: nums(arg('frame'))?.[0],
    samples: nums(arg('samples'))?.[0],
    only: arg('only')?.split(',') as PeerStage[] | undefined,
    outDir: arg('out'),
  });
  const dir = arg('out') ?? path.join(os.tmpdir(), 'aftermath-blender-peer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'peer-rows.json'), `${JSON.stringify(rows, null, 1)}\n`);
  console.log(formatPeerRows(rows));
  for (const r of rows) if (r.note && r.ratio !== null) console.log(`- ${r.stage}: ${r.note}`);
  for (const r of rows) for (const f of r.files ?? []) console.log(`- file: ${f}`);
  process.exit(0);
}

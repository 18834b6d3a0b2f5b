import { z } from 'zod';

/**
 * Shot file v1 (`schema: aftermath.shot/1`). Every field is optional except `schema`;
 * defaults make a one-line shot valid. Units are in the field names. Objects are strict:
 * an unknown key is an error (with a "did you mean" hint from validate-spec.ts).
 */
export const SHOT_SCHEMA_ID = 'aftermath.shot/1';

const finite = () => z.number().finite();
const vec3 = (description: string) =>
  z.tuple([finite(), finite(), finite()]).describe(description);

export const FramesSchema = z
  .strictObject({
    fps: z.number().min(1).max(240).default(24).describe('frames per second, 1..240'),
    count: z.number().int().min(1).max(100000).default(120).describe('number of frames, 1..100000'),
  })
  .describe('frame rate and length of the shot');

export const CameraSchema = z
  .strictObject({
    focalMm: z.number().min(4).max(2000).default(35).describe('lens focal length in mm, 4..2000'),
    sensorWidthMm: z.number().min(1).max(100).default(36).describe('sensor width in mm, 1..100'),
    position: vec3('camera position in metres [x, y, z], Y up').default([0, 1.7, 60]),
    lookAt: vec3('point the camera looks at, metres').default([0, 15, 0]),
    shutterAngleDeg: z.number().min(0).max(360).default(180).describe('shutter angle in degrees: 180 = open for half a frame'),
    motionBlurSamples: z.number().int().min(1).max(64).default(1).describe('beauty renders per frame across the shutter (1 = no motion blur; 8 for finals)'),
    match: z
      .strictObject({
        imagePoints: z
          .array(z.tuple([finite(), finite()]))
          .length(4)
          .describe('the rectangle\'s corners in the plate (pixels, x right, y down): bottom-left, bottom-right, top-right, top-left'),
        widthM: z.number().min(0.1).max(10000).describe('the rectangle\'s real width, metres'),
        heightM: z.number().min(0.1).max(10000).describe('its real height (facade) or depth (ground), metres; e.g. floors x floor height'),
        plane: z.enum(['facade', 'ground']).default('facade').describe('a vertical facade facing the camera (bottom edge on the ground) or a rectangle on the ground'),
        originM: vec3('where its bottom-edge centre (facade) or centre (ground) is in the world').default([0, 0, 0]),
        maxReprojectionErrorPx: z.number().min(0.1).max(100).default(3).describe('refuse a solve whose mean error is larger, pixels'),
      })
      .optional()
      .describe('solve focal length and pose from four points of a known rectangle in the plate (overrides focalMm, position, lookAt)'),
    fStop: z.number().min(0.7).max(64).optional().describe('aperture as an f-number, 0.7..64; set it for depth of field (unset = everything sharp)'),
    distortion: z
      .strictObject({
        k1: z.number().min(-1).max(1).default(0).describe('radial coefficient of r², -1..1 (negative: barrel)'),
        k2: z.number().min(-1).max(1).default(0).describe('radial coefficient of r⁴, -1..1'),
      })
      .optional()
      .describe('the plate\'s lens distortion, Brown-Conrady radial: p_d = c + (p_u - c)(1 + k1 r² + k2 r⁴) with r = 1 at the frame\'s corner (half the diagonal); the CG is distorted the same way before it goes over the plate (unset: none)'),
    focusDistanceM: z.number().min(0.1).max(100000).optional().describe('focus distance in metres (default: the distance to lookAt)'),
  })
  .describe('a physical camera');

export const LookSchema = z
  .strictObject({
    sunElevationDeg: z.number().min(-10).max(90).default(35).describe('sun height above the horizon, degrees'),
    sunAzimuthDeg: z.number().min(-360).max(360).default(30).describe('sun direction around Y, degrees (0 = +Z, 90 = +X)'),
    exposureEv: z.number().min(-10).max(10).default(0).describe('exposure adjustment in stops'),
    cameraShake: z.number().min(0).max(5).default(1).describe('camera shake from the impacts of the simulation (0 = none, 1 = natural)'),
    grain: z.boolean().default(true).describe('over a plate: give the CG grain matched to the plate\'s measured noise'),
    overcast: z.number().min(0).max(1).default(0).describe('cloud cover, 0..1: greys the sky, dims and softens the sun, raises the sky light'),
    fogDensityPerM: z.number().min(0).max(1).optional().describe('height-fog extinction at the ground, per metre, 0..1 (unset: from the snow, its flakes\' cross-section; 0 without snow)'),
    fogHeightM: z.number().min(1).max(10000).default(60).describe('scale height of the fog: its density halves every 0.69 x this many metres up'),
    fogColor: vec3('linear RGB of the haze (unset: from the sky and the overcast)').optional(),
    matchGrade: z.boolean().optional().describe('over a plate: grade the CG to the plate (black and white points, white balance, saturation measured from both) (unset: on over a plate)'),
    lightWrap: z.number().min(0).max(1).optional().describe('over a plate: how much of the plate\'s light bleeds onto the CG\'s edges, 0..1 (unset: 0.3 over a plate; 0 = off)'),
    ambientOcclusion: z.number().min(0).max(1).optional().describe('ambient occlusion: how much the sky light darkens in creases, under slabs, in window reveals and where pieces meet the ground (not the sun), 0..1 (unset: 1; 0 = off)'),
  })
  .describe('lighting, atmosphere and grade');

export const FACADE_TYPES = ['punched-concrete', 'punched-brick', 'curtain-glass', 'precast-panels'] as const;

export const BuildingSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/).default('tower').describe('unique id, letters/digits/_/-'),
    floors: z.number().int().min(1).max(200).default(10).describe('number of storeys, 1..200'),
    floorHeightM: z.number().min(2).max(10).default(3.5).describe('storey height in metres, 2..10'),
    footprint: z
      .tuple([z.number().min(2).max(500), z.number().min(2).max(500)])
      .default([24, 16])
      .describe('width (X) and depth (Z) in metres, each 2..500'),
    at: vec3('position of the footprint centre on the ground, metres').default([0, 0, 0]),
    rotationDeg: z.number().min(-360).max(360).default(0).describe('rotation about Y, degrees'),
    bays: z
      .tuple([z.number().int().min(1).max(50), z.number().int().min(1).max(50)])
      .default([4, 3])
      .describe('column grid: bays along X and Z, each 1..50'),
    fragments: z.number().int().min(1).max(50000).default(1500).describe('target number of pieces the building breaks into, 1..50000'),
    groundFloorHeightM: z.number().min(2).max(12).optional().describe('height of the ground storey in metres, 2..12 (default: floorHeightM)'),
    slabThicknessM: z.number().min(0.1).max(1).default(0.3).describe('floor slab thickness in metres, 0.1..1'),
    columnSizeM: z.number().min(0.2).max(2).default(0.5).describe('square column width in metres, 0.2..2'),
    facade: z
      .enum(FACADE_TYPES)
      .default('punched-concrete')
      .describe('facade: punched windows in concrete or brick, a glass curtain wall, or precast panels'),
    windowRatio: z.number().min(0.1).max(0.7).default(0.45).describe('share of the facade that is window, 0.1..0.7'),
    balconies: z.boolean().default(false).describe('cantilevered balconies on the front (+Z) facade'),
    parapet: z.boolean().default(true).describe('a 1 m parapet wall around the roof'),
    roofClutter: z.boolean().default(true).describe('plant rooms and units on the roof'),
    piecesPerMember: z
      .strictObject({
        slab: z.number().int().min(1).max(5000).optional(),
        column: z.number().int().min(1).max(5000).optional(),
        wall: z.number().int().min(1).max(5000).optional(),
        glass: z.number().int().min(1).max(5000).optional(),
      })
      .optional()
      .describe('fixed piece counts per member of a kind (wall covers spandrels, piers, panels, parapets); others share `fragments`'),
    source: z
      .strictObject({
        gltf: z.string().min(1).max(1024).describe('a binary glTF (.glb) file, relative to the shot file'),
        scale: z.number().min(0.001).max(1000).default(1).describe('model units to metres, 0.001..1000'),
        voxelM: z.number().min(0.1).max(5).default(0.5).describe('size of the voxels of the convex decomposition, metres, 0.1..5'),
      })
      .optional()
      .describe('build from a glTF model instead of procedurally: each mesh node is decomposed into convex parts'),
    textureFromPlate: z
      .boolean()
      .default(false)
      .describe('project the plate on to this building from the camera, so its pieces carry the real building as they fall, and fill what it hid'),
    outline: z
      .array(z.tuple([z.number().min(-100000).max(100000), z.number().min(-100000).max(100000)]))
      .min(4)
      .max(64)
      .optional()
      .describe('the building\'s outline in the plate, 4..64 points [x, y] in plate pixels (x right, y down): its bottom edge (on the ground) places the footprint (width, position, rotation; depth stays footprint[1] unless a second ground edge shows), its top edge the height (refits floors and floorHeightM); overrides footprint width, at and rotationDeg'),
    fracturePattern: z
      .enum(['uniform', 'clustered'])
      .default('uniform')
      .describe('uniform pieces, or smaller pieces clustered around the collapse initiation storey'),
  })
  .describe('a procedural building: slabs, columns, a facade and a roof');

export const RegionSchema = z
  .strictObject({
    center: vec3('centre of the region, metres (world space)'),
    radiusM: z.number().min(0.1).max(500).describe('radius of the region, metres, 0.1..500'),
  })
  .describe('a sphere in the world: what is inside it takes part');

export const COLLAPSE_MODES = ['pancake', 'topple', 'implode', 'partial'] as const;

export const CollapseSchema = z
  .strictObject({
    target: z.string().min(1).describe('id of the building that collapses'),
    startS: z.number().min(0).max(3600).default(1).describe('time the collapse starts, seconds from the first frame'),
    mode: z
      .enum(COLLAPSE_MODES)
      .default('pancake')
      .describe('pancake: floors drop onto each other; topple: the base fails on one side and it falls that way; implode: core first, facades fold in; partial: a region fails, the rest stands'),
    initiationFloor: z.number().int().min(1).max(200).default(4).describe('storey that fails first (1 = ground floor)'),
    direction: z
      .tuple([finite(), finite(), finite()])
      .default([1, 0, 0])
      .describe('topple: horizontal direction the building falls towards'),
    region: RegionSchema.optional().describe('partial: the region that fails (default: the corner at +X +Z of the initiation storey); other modes: where failure starts'),
    propagationSpeedMps: z.number().min(0).max(1000).default(0).describe('speed the failure spreads from the initiation point, m/s (0 = all at once)'),
    strengthScale: z.number().min(0.01).max(100).default(1).describe('multiplies the strength of every bond, 0.01..100'),
    weaken: z
      .array(
        z.strictObject({
          atS: z.number().min(0).max(3600).describe('time of the keyframe, seconds'),
          region: RegionSchema,
          strengthScale: z.number().min(0).max(100).describe('strength multiplier inside the region at this time; bonds break at 0.05 or below'),
        }),
      )
      .max(100)
      .default([])
      .describe('keyframes that weaken a region over time (linear between keyframes)'),
  })
  .describe('makes a building fall');

export const ImpactSchema = z
  .strictObject({
    atS: z.number().min(0).max(3600).default(1).describe('time the projectile is released, seconds'),
    massKg: z.number().min(1).max(1e8).default(20000).describe('mass of the projectile, kg'),
    radiusM: z.number().min(0.1).max(50).default(1.5).describe('radius of the spherical projectile, metres'),
    position: vec3('where it starts, metres').default([-40, 15, 0]),
    velocityMps: vec3('its initial velocity, m/s').default([40, 0, 0]),
  })
  .describe('a mass with a velocity that hits the scene (a wrecking ball, a vehicle, debris)');

export const SNOW_INTENSITIES = ['light', 'moderate', 'heavy'] as const;

export const SnowSchema = z
  .strictObject({
    intensity: z
      .union([z.enum(SNOW_INTENSITIES), z.number().min(0.1).max(100000)])
      .default('moderate')
      .describe('light (30), moderate (120) or heavy (400) flakes per cubic metre, or a number of flakes per m³, 0.1..100000'),
    flakeDiameterMm: z
      .strictObject({
        mean: z.number().min(0.5).max(30).default(5).describe('mean flake diameter, mm, 0.5..30'),
        spread: z.number().min(0).max(1.5).default(0.35).describe('log-normal spread (sigma of ln diameter), 0..1.5'),
      })
      .default({ mean: 5, spread: 0.35 })
      .describe('flake size distribution (fall speed follows from size)'),
    wind: vec3('mean wind, m/s [x, y, z]').default([0, 0, 0]),
    gustMps: z.number().min(0).max(50).default(0).describe('gust strength along the wind, m/s (zero mean)'),
    turbulenceMps: z.number().min(0).max(10).default(0.3).describe('rms speed of the curl-noise turbulence, m/s'),
    luminous: z.boolean().default(false).describe('flakes glow (emit light) instead of only reflecting the sky'),
    glow: z.number().min(0).max(1).default(0.5).describe('how strongly luminous flakes glow, 0..1'),
    clumps: z.number().min(0).max(1).default(0).describe('share of flakes stuck together into clumps 2.5x larger, 0..1'),
    startS: z.number().min(0).max(3600).default(0).describe('time the snow starts, seconds (0: already falling at the first frame; later: it fades in over 1 s)'),
    stopS: z.number().min(0).max(3600).optional().describe('time the snow stops, seconds (unset: never)'),
    maxFlakes: z.number().int().min(1000).max(5000000).default(250000).describe('flakes simulated around the camera, 1000..5000000; density is exact near the camera, farther flakes are fewer and carry more coverage each'),
    accumulation: z
      .strictObject({
        rateMmPerS: z.number().min(0).max(1000).optional().describe('depth gained per second on flat ground, mm (wins over rateMmPerHour)'),
        rateMmPerHour: z.number().min(0).max(1000000).optional().describe('depth gained per hour on flat ground, mm (unset: light 10, moderate 30, heavy 80 mm/h)'),
        initialDepthMm: z.number().min(0).max(2000).default(0).describe('snow already lying at the first frame, mm'),
        maxDepthMm: z.number().min(0).max(2000).default(300).describe('depth at which it stops growing, mm'),
      })
      .default({ initialDepthMm: 0, maxDepthMm: 300 })
      .describe('snow cover growing on upward-facing surfaces'),
  })
  .describe('falling snow around the camera, with wind, and its cover on the ground, ledges and rubble');

export const DUST_COLORS = ['concrete', 'tan', 'brick'] as const;

export const DustSchema = z
  .strictObject({
    source: z.string().min(1).optional().describe('id of the building whose collapse raises the dust (unset: every building that collapses or is hit)'),
    amount: z.number().min(0).max(10).default(1).describe('multiplies the dust released by every break and impact, 0..10 (1: a concrete frame building)'),
    color: z
      .union([z.enum(DUST_COLORS), z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])])
      .default('concrete')
      .describe('colour of the dust: concrete (grey), tan, brick, or a linear RGB albedo [r, g, b] each 0..1'),
    surgeDistanceM: z.number().min(0).max(500).default(40).describe('how far the ground-hugging surge rolls out from the footprint when floors come down, metres, 0..500'),
    resolution: z.number().int().min(16).max(384).default(128).describe('voxels on the long side of the dust grid, 16..384 (the grid covers the building and the surge)'),
    debris: z.number().min(0).max(10).default(1).describe('multiplies the gravel and small chunks thrown out by breaks and impacts, 0..10 (0: none)'),
    maxDebris: z.number().int().min(0).max(1000000).default(40000).describe('most debris particles over the whole shot, 0..1000000'),
  })
  .describe('the dust cloud and debris of a collapse: puffs at every break, bursts at impacts, the rolling surge, gravel');

export const ElementSchema = z
  .union([
    z.strictObject({ building: BuildingSchema }),
    z.strictObject({ collapse: CollapseSchema }),
    z.strictObject({ impact: ImpactSchema }),
    z.strictObject({ snow: SnowSchema }),
    z.strictObject({ dust: DustSchema }),
  ])
  .describe('one element: an object with exactly one key: building, collapse, impact, snow or dust');

export const SimulationSchema = z
  .strictObject({
    dtS: z.number().min(1 / 1000).max(1 / 30).default(1 / 120).describe('fixed physics time step in seconds, 0.001..0.0333'),
  })
  .describe('physics settings');

export const PASS_NAMES = ['beauty', 'alpha', 'depth', 'normal', 'motion', 'id', 'shadow', 'snow', 'dust', 'emission'] as const;
export const FORMAT_NAMES = ['png', 'mp4', 'prores', 'exr', 'gltf', 'usd'] as const;

export const OutputSchema = z
  .strictObject({
    dir: z.string().min(1).max(1024).default('out').describe('output folder (relative to the shot file)'),
    formats: z.array(z.enum(FORMAT_NAMES)).min(1).default(['png', 'mp4']).describe('files to write: png frames, mp4 (H.264 review), prores (ProRes 422 HQ .mov), exr (multi-layer frames), gltf (.glb scene), usd (.usda scene)'),
    passes: z.array(z.enum(PASS_NAMES)).min(1).default(['beauty', 'id']).describe('render passes: beauty, alpha, depth (Z, m), normal (camera space), motion (pixels, Nuke), id (piece), shadow (catcher), snow (flakes: premultiplied RGBA + Z), dust (the cloud: premultiplied RGBA), emission (light given off: luminous flakes, emissive materials)'),
    contactSheet: z.boolean().default(true).describe('write a PNG grid of every 10th frame'),
    exrCompression: z.enum(['none', 'rle', 'zips', 'zip', 'piz']).default('zip').describe('compression of the EXR frames'),
    pngBitDepth: z.union([z.literal(8), z.literal(16)]).default(8).describe('bits per channel of the beauty PNG frames: 8 or 16'),
  })
  .describe('what is written, and where');

export const ShotSchema = z
  .strictObject({
    schema: z.literal(SHOT_SCHEMA_ID).describe('document type and version'),
    name: z.string().max(200).optional().describe('a human-readable title'),
    plate: z
      .strictObject({
        path: z.string().min(1).max(1024).describe('a still (JPEG, PNG, TIFF, EXR), a video (MP4, MOV) or a sequence (plate.####.exr), relative to the shot file'),
        colorSpace: z.enum(['srgb', 'linear']).optional().describe('how its values are encoded (default: linear for EXR, sRGB/Rec.709 otherwise)'),
        cleanPlate: z.string().min(1).max(1024).optional().describe('the same view without the building (a still, video or sequence, relative to the shot file): what the fall reveals is taken from it instead of synthesised'),
      })
      .optional()
      .describe('live-action footage the CG is composited over; without it a procedural sky and street'),
    seed: z.number().int().min(0).max(4294967295).default(1).describe('seed of every random choice, 0..4294967295'),
    frames: FramesSchema.default({ fps: 24, count: 120 }),
    resolution: z
      .tuple([z.number().int().min(16).max(16384), z.number().int().min(16).max(16384)])
      .default([1920, 1080])
      .describe('width and height in pixels, each 16..16384'),
    camera: CameraSchema.default({ focalMm: 35, sensorWidthMm: 36, position: [0, 1.7, 60], lookAt: [0, 15, 0], shutterAngleDeg: 180, motionBlurSamples: 1 }),
    look: LookSchema.prefault({}),
    simulation: SimulationSchema.default({ dtS: 1 / 120 }),
    elements: z.array(ElementSchema).max(1000).default([]).describe('buildings and effects in the shot'),
    output: OutputSchema.default({ dir: 'out', formats: ['png', 'mp4'], passes: ['beauty', 'id'], contactSheet: true, exrCompression: 'zip', pngBitDepth: 8 }),
  })
  .describe('an Aftermath shot');

/** A shot with every default filled in. */
export type ShotSpec = z.output<typeof ShotSchema>;
/** A shot as a user may write it. */
export type ShotInput = z.input<typeof ShotSchema>;
export type BuildingSpec = z.output<typeof BuildingSchema>;
export type CollapseSpec = z.output<typeof CollapseSchema>;
export type ImpactSpec = z.output<typeof ImpactSchema>;
export type SnowSpec = z.output<typeof SnowSchema>;
export type DustSpec = z.output<typeof DustSchema>;
export type LookSpec = z.output<typeof LookSchema>;
export type PassName = (typeof PASS_NAMES)[number];
export type FormatName = (typeof FORMAT_NAMES)[number];

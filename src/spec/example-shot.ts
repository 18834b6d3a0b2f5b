/** The documented example shot, written by `aftermath init`. It must validate (tested). */

export const EXAMPLE_SHOT_YAML = `# Aftermath shot file. Every field except "schema" is optional and has a default.
# Lengths are in metres, angles in degrees, times in seconds; units are in the field names.
# The JSON Schema for editors: https://aftermath.dev/schemas/aftermath.shot-1.json
schema: aftermath.shot/1        # document type and version (required, first)
name: Tower collapse            # a human-readable title
seed: 7                         # seed of every random choice (0..4294967295): same seed, same shot

frames:
  fps: 24                       # frames per second (1..240)
  count: 120                    # number of frames (1..100000): 120 frames at 24 fps = 5 s

resolution: [1920, 1080]        # width and height in pixels (each 16..16384)

camera:
  focalMm: 35                   # lens focal length in millimetres (4..2000)
  sensorWidthMm: 36             # sensor width in millimetres (1..100); 36 = full frame
  position: [-30, 3, 95]        # camera position [x, y, z] in metres; Y is up, ground is y = 0
  lookAt: [0, 15, 0]            # the point the camera aims at, in metres

look:
  sunElevationDeg: 35           # sun height above the horizon in degrees (-10..90)
  sunAzimuthDeg: 30             # sun direction around Y in degrees (0 = +Z, 90 = +X)
  exposureEv: 0                 # exposure adjustment in stops (-10..10)

# simulation:
#   dtS: 0.0083333              # fixed physics time step in seconds (0.001..0.0333); default 1/120

elements:                       # buildings and effects; each list item has exactly one key
  - building:                   # a procedural concrete building: slabs, columns, facade walls
      id: tower                 # unique id: letters, digits, _ and -, starting with a letter
      floors: 10                # number of storeys (1..200)
      floorHeightM: 3.5         # storey height in metres (2..10): 10 x 3.5 = 35 m tall
      footprint: [24, 16]       # width (X) and depth (Z) in metres (each 2..500)
      at: [0, 0, 0]             # centre of the footprint on the ground [x, y, z], metres
      rotationDeg: 0            # rotation about the vertical axis in degrees
      bays: [4, 3]              # column grid: bays along X and Z (each 1..50)
      fragments: 1500           # pieces the building breaks into (1..50000; all buildings together <= 50000)
      facade: punched-concrete  # punched-concrete, punched-brick, curtain-glass or precast-panels
      windowRatio: 0.45         # share of the facade that is window (0.1..0.7)
      balconies: false          # cantilevered balconies on the front (+Z) facade
      parapet: true             # a 1 m parapet wall around the roof
      roofClutter: true         # plant room and units on the roof
      fracturePattern: uniform  # uniform, or clustered: smaller pieces around the initiation storey
  - collapse:                   # makes a building fall
      target: tower             # id of the building that collapses
      startS: 1.0               # when the collapse starts, seconds after the first frame
      mode: pancake             # how the structure fails: pancake = floors fall onto each other
      initiationFloor: 4        # storey whose columns fail first (1 = ground floor; at most floors)
  - dust:                       # the dust cloud and debris the collapse raises
      source: tower             # building whose breaks and impacts shed dust (unset: every collapsing one)
      amount: 1.0               # dust released, x the default (0..10)
      color: concrete           # concrete (grey), tan, brick, or a linear RGB albedo [r, g, b]
      surgeDistanceM: 40        # how far the ground surge rolls out from the footprint, metres (0..500)
      resolution: 128           # voxels on the long side of the dust grid (16..384)
      debris: 1.0               # gravel and small chunks thrown out, x the default (0 = none, ..10)
      maxDebris: 40000          # most debris particles over the shot (0..1000000)

output:
  dir: out/tower-collapse       # output folder, relative to this file
  formats: [png, mp4]           # png frames, mp4 (H.264 review); also prores, exr, gltf, usd
  passes: [beauty, id]          # render passes: beauty (the picture), id (piece index + 1 per pixel); also alpha, depth, normal, motion, shadow, snow, dust
  contactSheet: true            # also write a PNG grid of every 10th frame
  exrCompression: zip           # EXR frames: none, rle, zips, zip or piz
  pngBitDepth: 8                # beauty PNG frames: 8 or 16 bits per channel
`;

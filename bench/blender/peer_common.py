"""Helpers shared by the Blender peer-bench scripts (bench/blender/*.py).

Each script runs as `blender -b --factory-startup --python-exit-code 1 -P script.py -- IN.json OUT.json`:
it reads its job from IN.json (written by bench/blender-peer.ts) and writes its result to OUT.json.
Aftermath's world is Y-up (metres); Blender's is Z-up, so (x, y, z) -> (x, -z, y), a proper rotation.
"""
import json
import sys

import bpy


def job_args():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    if len(argv) < 2:
        raise SystemExit("usage: blender -b --factory-startup -P script.py -- IN.json OUT.json")
    with open(argv[0], "r", encoding="utf-8") as f:
        job = json.load(f)
    return job, argv[1]


def write_result(path, result):
    result["blenderVersion"] = bpy.app.version_string
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)


def to_blender(v):
    """Aftermath (Y-up) point or vector -> Blender (Z-up)."""
    return (v[0], -v[2], v[1])


def quat_to_blender(q):
    """Aftermath quaternion (x, y, z, w), Y-up -> Blender mathutils order (w, x, y, z), Z-up."""
    return (q[3], q[0], -q[2], q[1])


def empty_scene():
    """Removes the factory scene's cube, camera and light (and their data)."""
    for obj in list(bpy.data.objects):
        bpy.data.objects.remove(obj, do_unlink=True)
    for coll in (bpy.data.meshes, bpy.data.cameras, bpy.data.lights, bpy.data.materials):
        for block in list(coll):
            if block.users == 0:
                coll.remove(block)

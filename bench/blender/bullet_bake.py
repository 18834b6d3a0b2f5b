"""Blender peer bench, simulation: a Bullet rigid-body bake of the building Aftermath fractured,
every piece one active convex-hull body, over the same frames and substeps as Aftermath's step.

Job: {"pieces": [{"c": [x, y, z], "q": [x, y, z, w], "v": [x0, y0, z0, ...], "f": [[i, ...], ...],
                   "m": massKg}],      (Aftermath world, Y-up; v in the piece frame, origin at the
                                        centre of mass, as Aftermath stores hulls)
      "failed": [indices of the pieces Aftermath's collapse plan fails at t = 0],
      "ground": {"topY": 0, "sizeM": 2000, "friction": 0.9},
      "fps": 24, "frames": 49, "substeps": 5, "friction": 0.7, "restitution": 0.05,
      "solverIterations": 10}
frames = 49 at 24 fps with 5 substeps bakes 48 frames x 5 = 240 steps of 1/120 s = 2 s simulated.
Bullet takes the object origin as the centre of mass; the hulls arrive with the origin there
already, and origin_set(ORIGIN_CENTER_OF_VOLUME) makes sure of it before the bake.
There are no constraints (Blender has no bond graph): every piece is a loose active hull from
t = 0 (an artist's "cell fracture, then rigid bodies" set-up). The failed pieces collide with
the ground only, as Aftermath lets them pass through the structure, so the storeys above fall.
The timed span is ptcache.bake_all alone.
"""
import os
import sys
import time

import bpy

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_common import empty_scene, job_args, quat_to_blender, to_blender, write_result  # noqa: E402


def main():
    job, out_path = job_args()
    empty_scene()
    scene = bpy.context.scene
    fps, frames, substeps = int(job["fps"]), int(job["frames"]), int(job["substeps"])
    scene.render.fps, scene.render.fps_base = fps, 1.0
    scene.frame_start, scene.frame_end = 1, frames
    coll = scene.collection

    pieces = []
    for i, p in enumerate(job["pieces"]):
        v = p["v"]
        verts = [to_blender(v[k:k + 3]) for k in range(0, len(v), 3)]
        mesh = bpy.data.meshes.new(f"piece_{i:05d}")
        mesh.from_pydata(verts, [], [tuple(f) for f in p["f"]])
        mesh.update()
        obj = bpy.data.objects.new(f"piece_{i:05d}", mesh)
        obj.location = to_blender(p["c"])
        obj.rotation_mode = "QUATERNION"
        obj.rotation_quaternion = quat_to_blender(p["q"])
        coll.objects.link(obj)
        pieces.append(obj)

    g = job["ground"]
    half = g["sizeM"] / 2
    # Bullet's box is centred on the object origin: keep the mesh centred on it too.
    gverts = [(x * half, y * half, 5 * z) for x in (-1, 1) for y in (-1, 1) for z in (1, -1)]
    gmesh = bpy.data.meshes.new("ground")
    gmesh.from_pydata(gverts, [], [(0, 2, 6, 4), (1, 5, 7, 3), (0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6)])
    ground = bpy.data.objects.new("ground", gmesh)
    ground.location = (0.0, 0.0, g["topY"] - 5.0)
    coll.objects.link(ground)
    bpy.context.view_layer.update()

    # Origins at the centres of mass (Bullet's centre of mass is the origin).
    for obj in bpy.context.view_layer.objects:
        obj.select_set(obj in pieces)
    bpy.context.view_layer.objects.active = pieces[0]
    bpy.ops.object.origin_set(type="ORIGIN_CENTER_OF_VOLUME", center="MEDIAN")

    bpy.ops.rigidbody.world_add()
    world = scene.rigidbody_world
    world.substeps_per_frame = substeps
    world.solver_iterations = int(job.get("solverIterations", 10))
    world.point_cache.frame_start, world.point_cache.frame_end = 1, frames

    bpy.ops.rigidbody.objects_add(type="ACTIVE")
    for obj, p in zip(pieces, job["pieces"]):
        rb = obj.rigid_body
        rb.collision_shape = "CONVEX_HULL"
        rb.mass = max(1e-3, float(p["m"]))
        rb.friction = job["friction"]
        rb.restitution = job["restitution"]
    # Pieces Aftermath fails at t = 0 pass through the structure (its "failed" collision role):
    # they sit in collision collection 2, which only the ground shares.
    failed = set(job.get("failed", []))
    for i in failed:
        pieces[i].rigid_body.collision_collections = [k == 1 for k in range(20)]
    for obj in bpy.context.view_layer.objects:
        obj.select_set(obj is ground)
    bpy.context.view_layer.objects.active = ground
    bpy.ops.rigidbody.objects_add(type="PASSIVE")
    ground.rigid_body.collision_shape = "BOX"
    ground.rigid_body.friction = g.get("friction", 0.9)
    ground.rigid_body.collision_collections = [k < 2 for k in range(20)]
    scene.frame_set(1)
    start = [obj.matrix_world.translation.copy() for obj in pieces]

    t, c = time.perf_counter(), time.process_time()
    bpy.ops.ptcache.bake_all(bake=True)
    seconds, cpu_seconds = time.perf_counter() - t, time.process_time() - c

    # What the bake did: read the last frame back from the cache.
    scene.frame_set(frames)
    moved = [(obj.matrix_world.translation - s).length for obj, s in zip(pieces, start)]
    write_result(out_path, {
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "pieces": len(pieces),
        "failed": len(failed),
        "frames": frames,
        "steps": (frames - 1) * substeps,
        "simulatedS": (frames - 1) / fps,
        "movedOver10cm": sum(1 for d in moved if d > 0.1),
        "maxDropM": max(moved) if moved else 0.0,
        "solverIterations": world.solver_iterations,
        "baked": world.point_cache.is_baked,
    })


main()

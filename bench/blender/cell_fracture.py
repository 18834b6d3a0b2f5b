"""Blender peer bench, fracture: the Cell Fracture add-on (object_fracture_cell) on the same
building members, with the same points, that Aftermath's fracture cut.

Job: {"members": [{"center": [x, y, z], "size": [sx, sy, sz], "rotationYRad": r,
                    "sites": [[x, y, z], ...]}], "options": {...}}   (Aftermath world, Y-up)
Each member becomes a box mesh object; its sites (world space) become the vertices of a child
point-cloud object, so Cell Fracture's "Child Verts" source cuts the member into exactly as many
cells as Aftermath made. All members are selected and fractured by one call of the operator,
as an artist would. The timed span is that call alone (scene set-up is not timed).
Cell Fracture makes no cell from a single point, so members with one site are left whole (not
selected) and count as one piece each. It also leaves the original members in place: only
the objects in its "cells" collection are counted as cells.
"""
import os
import sys
import time

import addon_utils
import bpy
from mathutils import Matrix, Vector

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_common import empty_scene, job_args, to_blender, write_result  # noqa: E402

BOX_FACES = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]


def main():
    job, out_path = job_args()
    opts = job.get("options", {})
    empty_scene()
    addon_utils.enable("object_fracture_cell", default_set=True)

    scene = bpy.context.scene
    coll = scene.collection
    members = []
    sites_total = 0
    for i, m in enumerate(job["members"]):
        sx, sy, sz = m["size"][0], m["size"][2], m["size"][1]  # Blender X, Y, Z extents
        verts = [((x - 0.5) * sx, (y - 0.5) * sy, (z - 0.5) * sz) for x in (0, 1) for y in (0, 1) for z in (0, 1)]
        mesh = bpy.data.meshes.new(f"member_{i:04d}")
        mesh.from_pydata(verts, [], BOX_FACES)
        mesh.update()
        obj = bpy.data.objects.new(f"member_{i:04d}", mesh)
        coll.objects.link(obj)
        world = Matrix.Translation(to_blender(m["center"])) @ Matrix.Rotation(m.get("rotationYRad", 0.0), 4, "Z")
        obj.matrix_world = world
        inv = world.inverted()
        sites_total += len(m["sites"])
        members.append(obj)
        if len(m["sites"]) < 2:
            continue  # stays whole (see below): no point cloud needed
        local_sites = [inv @ Vector(to_blender(s)) for s in m["sites"]]
        pmesh = bpy.data.meshes.new(f"sites_{i:04d}")
        pmesh.from_pydata([tuple(v) for v in local_sites], [], [])
        pobj = bpy.data.objects.new(f"sites_{i:04d}", pmesh)
        coll.objects.link(pobj)
        pobj.parent = obj  # child at identity: world = member matrix @ local site
    bpy.context.view_layer.update()

    for obj in bpy.context.view_layer.objects:
        obj.select_set(False)
    # A member with one site stays whole: Cell Fracture makes no cell from a single point, so
    # only members with two or more sites are fractured; the whole ones count as one piece each.
    fractured = [obj for obj, m in zip(members, job["members"]) if len(m["sites"]) > 1]
    whole = len(members) - len(fractured)
    for obj in fractured:
        obj.select_set(True)
    if fractured:
        bpy.context.view_layer.objects.active = fractured[0]

    kwargs = dict(
        source={"VERT_CHILD"},
        source_limit=0,  # use every site (the default, 100, would drop some)
        use_debug_redraw=False,  # nothing to redraw in the background; it would only add a view-layer update per cell
        collection_name="cells",
    )
    kwargs.update(opts.get("operator", {}))
    t, c = time.perf_counter(), time.process_time()
    bpy.ops.object.add_fracture_cell_objects(**kwargs)
    seconds, cpu_seconds = time.perf_counter() - t, time.process_time() - c

    cells = bpy.data.collections["cells"].objects if "cells" in bpy.data.collections else []
    cell_count = len(cells)
    write_result(out_path, {
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "members": len(members),
        "membersFractured": len(fractured),
        "membersWhole": whole,
        "pieces": cell_count + whole,
        "sites": sites_total,
        "cells": cell_count,
        "operator": {k: (sorted(v) if isinstance(v, set) else v) for k, v in kwargs.items()},
    })


main()

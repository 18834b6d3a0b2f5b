"""Blender peer bench, rendering: one frame of Aftermath's shot in Cycles on the CPU.

Job: {"glb": path, "png": path, "resolution": [1920, 1080], "samples": 64,
      "sun": {"direction": [x, y, z], "intensity": i, "color": [r, g, b]},   (Aftermath, Y-up)
      "ground": {"topY": 0, "sizeM": 2000, "albedo": [r, g, b], "roughness": 0.9},
      "exposureEv": 0, "turbidity": 4, "skyLightStrength": 0.3, "look": "Medium High Contrast",
      "denoise": false, "threads": 0}
The .glb is Aftermath's own glTF export of the shot (pieces posed at the rendered frame, the
shot camera); it is imported with bpy.ops.import_scene.gltf. Aftermath's look is rebuilt
around it: a sun lamp along the shot's sun direction with its intensity and colour (a three.js
directional light's intensity and a Blender sun's strength are both irradiance), a Preetham
sky (the model Aftermath's sky uses) that the camera sees as it is but that lights the scene
at "skyLightStrength" (Aftermath fills with a hemisphere light, not the sky: 0.3 gives about
its irradiance on an upward face), and the asphalt-like ground plane.
Cycles renders 64 samples per pixel on the CPU with adaptive sampling and the denoiser off
(pure 64 spp), through Blender's Filmic view with the "look" asked for (Aftermath's display
transform is the ACES fitted curve, which has more contrast than plain Filmic). The timed span is render.render alone
(scene sync, BVH build, path tracing and writing the PNG); the glTF import is timed apart.
"""
import os
import sys
import time

import bpy
from mathutils import Vector

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_common import empty_scene, job_args, to_blender, write_result  # noqa: E402


def world_sky(scene, sun_dir, turbidity, light_strength):
    """A Preetham sky, seen by the camera as it is and lighting the scene at `light_strength`."""
    world = bpy.data.worlds.new("sky") if scene.world is None else scene.world
    scene.world = world
    world.use_nodes = True
    nodes, links = world.node_tree.nodes, world.node_tree.links
    nodes.clear()
    sky = nodes.new("ShaderNodeTexSky")
    sky.sky_type = "PREETHAM"
    sky.turbidity = turbidity
    sky.sun_direction = Vector(sun_dir).normalized()
    seen = nodes.new("ShaderNodeBackground")
    lights = nodes.new("ShaderNodeBackground")
    lights.inputs["Strength"].default_value = light_strength
    path = nodes.new("ShaderNodeLightPath")
    mix = nodes.new("ShaderNodeMixShader")
    out = nodes.new("ShaderNodeOutputWorld")
    links.new(sky.outputs["Color"], seen.inputs["Color"])
    links.new(sky.outputs["Color"], lights.inputs["Color"])
    links.new(path.outputs["Is Camera Ray"], mix.inputs["Fac"])
    links.new(lights.outputs["Background"], mix.inputs[1])
    links.new(seen.outputs["Background"], mix.inputs[2])
    links.new(mix.outputs["Shader"], out.inputs["Surface"])


def ground_plane(coll, g):
    half = g["sizeM"] / 2
    mesh = bpy.data.meshes.new("ground")
    mesh.from_pydata([(-half, -half, 0), (half, -half, 0), (half, half, 0), (-half, half, 0)], [], [(0, 1, 2, 3)])
    mat = bpy.data.materials.new("asphalt")
    mat.use_nodes = True
    bsdf = mat.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (*g["albedo"], 1.0)
    bsdf.inputs["Roughness"].default_value = g["roughness"]
    bsdf.inputs["Specular"].default_value = 0.5
    mesh.materials.append(mat)
    obj = bpy.data.objects.new("ground", mesh)
    obj.location = (0, 0, g["topY"])
    coll.objects.link(obj)


def main():
    job, out_path = job_args()
    empty_scene()
    scene = bpy.context.scene

    # Blender 3.4's glTF importer still uses np.bool, which numpy 1.24 (Debian 12's) removed.
    import numpy
    if "bool" not in numpy.__dict__:
        numpy.bool = bool

    t = time.perf_counter()
    bpy.ops.import_scene.gltf(filepath=job["glb"])
    import_seconds = time.perf_counter() - t
    cameras = [o for o in scene.objects if o.type == "CAMERA"]
    meshes = [o for o in scene.objects if o.type == "MESH"]
    if not cameras:
        raise SystemExit("the glTF has no camera")
    scene.camera = cameras[0]
    scene.frame_set(scene.frame_start)

    sun = job["sun"]
    sun_dir = to_blender(sun["direction"])
    light = bpy.data.lights.new("sun", "SUN")
    light.energy = sun["intensity"]
    light.color = sun["color"]
    light.angle = 0.00918  # the real sun's 0.526 degrees
    lamp = bpy.data.objects.new("sun", light)
    lamp.rotation_mode = "QUATERNION"
    lamp.rotation_quaternion = Vector(sun_dir).to_track_quat("Z", "Y")  # a sun shines along its -Z
    scene.collection.objects.link(lamp)
    world_sky(scene, sun_dir, job.get("turbidity", 4.0), job.get("skyLightStrength", 1.0))
    ground_plane(scene.collection, job["ground"])

    r = scene.render
    r.engine = "CYCLES"
    r.resolution_x, r.resolution_y = job["resolution"]
    r.resolution_percentage = 100
    r.image_settings.file_format = "PNG"
    r.image_settings.color_mode = "RGB"
    r.image_settings.color_depth = "8"
    r.filepath = job["png"]
    r.threads_mode = "FIXED" if job.get("threads") else "AUTO"
    if job.get("threads"):
        r.threads = job["threads"]
    c = scene.cycles
    c.device = "CPU"
    c.samples = int(job["samples"])
    c.use_adaptive_sampling = False
    c.use_denoising = bool(job.get("denoise", False))
    scene.view_settings.view_transform = "Filmic"
    scene.view_settings.look = job.get("look", "None")
    scene.view_settings.exposure = float(job.get("exposureEv", 0.0))

    t, cpu = time.perf_counter(), time.process_time()
    bpy.ops.render.render(write_still=True)
    seconds, cpu_seconds = time.perf_counter() - t, time.process_time() - cpu
    write_result(out_path, {
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "importSeconds": import_seconds,
        "meshObjects": len(meshes),
        "triangles": sum(sum(len(p.vertices) - 2 for p in o.data.polygons) for o in meshes),
        "samples": c.samples,
        "resolution": [r.resolution_x, r.resolution_y],
        "threads": r.threads,
        "png": job["png"],
    })


main()

/**
 * A premultiplied layer pass (snow, dust) over the beauty: both scene-linear RGBA, the layer
 * already held out by the CG, so beauty' = layer + beauty · (1 − layer.a). In place; returns
 * `beauty`. The beauty without the layer is (beauty' − layer.rgb) / (1 − layer.a).
 */
export function layerOver(beauty: Float32Array, layer: Float32Array): Float32Array {
  for (let i = 0; i < beauty.length; i += 4) {
    const k = 1 - layer[i + 3];
    beauty[i] = layer[i] + beauty[i] * k;
    beauty[i + 1] = layer[i + 1] + beauty[i + 1] * k;
    beauty[i + 2] = layer[i + 2] + beauty[i + 2] * k;
    beauty[i + 3] = layer[i + 3] + beauty[i + 3] * k;
  }
  return beauty;
}

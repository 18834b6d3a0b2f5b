/**
 * The snow pass over the beauty: both scene-linear RGBA, the snow premultiplied (already held
 * out by the CG), so beauty' = snow + beauty · (1 − snow.a). In place; returns `beauty`.
 */
export function snowOver(beauty: Float32Array, snow: Float32Array): Float32Array {
  for (let i = 0; i < beauty.length; i += 4) {
    const k = 1 - snow[i + 3];
    beauty[i] = snow[i] + beauty[i] * k;
    beauty[i + 1] = snow[i + 1] + beauty[i + 1] * k;
    beauty[i + 2] = snow[i + 2] + beauty[i + 2] * k;
    beauty[i + 3] = snow[i + 3] + beauty[i + 3] * k;
  }
  return beauty;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../core/errors.js';
import { findPrim, parseUsda } from './usda-parse.js';
import { formatDouble, formatFloat, usdaString } from './usda-format.js';

test('parseUsda reads layer metadata, nested prims, attributes and time samples', () => {
  const layer = parseUsda(`#usda 1.0
(
    "a doc string"
    customLayerData = {
        int n = 3
        string s = "x \\"y\\""
    }
    upAxis = "Y"
    metersPerUnit = 1
)

# a comment
def Xform "Root" (
    kind = "assembly"
)
{
    def "Untyped" {}
    over "Later" {}
    def Mesh "m"
    {
        uniform token[] xformOpOrder = ["xformOp:translate"]
        float3 xformOp:translate = (1, -2.5, 3e-7)
        float3 xformOp:translate.timeSamples = {
            1: (0, 0, 0),
            2.5: (1, 2, 3),
        }
        normal3f[] normals = [(0, 1, 0)] (
            interpolation = "vertex"
        )
        custom double empty
        matrix4d xformOp:transform = ( (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (4, 5, 6, 1) )
    }
}
`);
  assert.equal(layer.metadata.doc, 'a doc string');
  assert.deepEqual(layer.metadata.customLayerData, { n: 3, s: 'x "y"' });
  assert.equal(layer.metadata.upAxis, 'Y');
  const root = findPrim(layer, '/Root')!;
  assert.equal(root.metadata.kind, 'assembly');
  assert.deepEqual(root.children.map((c) => [c.specifier, c.typeName, c.name]), [['def', undefined, 'Untyped'], ['over', undefined, 'Later'], ['def', 'Mesh', 'm']]);
  const m = findPrim(layer, '/Root/m')!;
  const tr = m.attributes.get('xformOp:translate')!;
  assert.deepEqual(tr.value, [1, -2.5, 3e-7]);
  assert.deepEqual([...tr.timeSamples!.entries()], [[1, [0, 0, 0]], [2.5, [1, 2, 3]]]);
  assert.equal(m.attributes.get('xformOpOrder')!.uniform, true);
  assert.equal(m.attributes.get('xformOpOrder')!.typeName, 'token[]');
  assert.equal(m.attributes.get('normals')!.metadata.interpolation, 'vertex');
  assert.equal(m.attributes.get('empty')!.custom, true);
  assert.equal(m.attributes.get('empty')!.value, undefined);
  assert.deepEqual((m.attributes.get('xformOp:transform')!.value as number[][])[3], [4, 5, 6, 1]);
});

test('parseUsda reports the line and column of an error', () => {
  assert.throws(() => parseUsda('not usd'), InputError);
  assert.throws(
    () => parseUsda('#usda 1.0\ndef Xform "A"\n{\n    float x = (1, 2\n}\n'),
    (e: unknown) => e instanceof InputError && e.code === 'usda.parse_error' && /usda 5:1/.test(e.message),
  );
});

test('number rules: shortest float32 round trip, 12 digits for doubles, never -0', () => {
  assert.equal(formatFloat(0.1), '0.1');
  assert.equal(formatFloat(Math.fround(0.1)), '0.1');
  assert.equal(formatFloat(-0), '0');
  assert.equal(formatFloat(1 / 3), '0.33333334');
  assert.equal(formatFloat(5402.823), '5402.823');
  assert.equal(formatFloat(1e-9), '1e-9');
  for (const x of [Math.PI, -123.456789, 1e-30, 3.4e38, 0.999999]) {
    assert.equal(Math.fround(Number(formatFloat(x))), Math.fround(x));
  }
  assert.equal(formatDouble(-0), '0');
  assert.equal(formatDouble(6.123e-17), '0');
  assert.equal(formatDouble(Math.PI), '3.14159265359');
  assert.equal(formatDouble(20.25), '20.25');
  assert.throws(() => formatFloat(NaN), RangeError);
  assert.equal(usdaString('a"b\\c\n'), '"a\\"b\\\\c\\n"');
});

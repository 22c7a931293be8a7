// Runs a TensorFlow.js graph model on fixed inputs with the plain CPU backend, as the reference
// for the ONNX conversion check. Usage: node run-tfjs.js <tfjs-dir> <model.json> <inputs.f32> <count> <outputs.f32> [HxWxC [int32]]
// Inputs are count x H x W x C little-endian float32 (64x64x1 unless given; int32 casts them for a model
// that takes integer pixels); outputs are written as float32.
'use strict';
const path = require('path');
const fs = require('fs');
const [tfjsDir, modelJson, inputsPath, countText, outputsPath, shapeText, dtype] = process.argv.slice(2);
const tf = require(path.join(tfjsDir, 'node_modules', '@tensorflow', 'tfjs'));

// tfjs in node has no file:// loader without tfjs-node, so this handler reads model.json and its
// weight shards itself and hands them to loadGraphModel as model artifacts.
function fileHandler(jsonPath) {
  return {
    load: async () => {
      const model = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
      const specs = [];
      const buffers = [];
      for (const group of model.weightsManifest) {
        for (const p of group.paths) buffers.push(fs.readFileSync(path.join(path.dirname(jsonPath), p)));
        specs.push(...group.weights);
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: model.modelTopology,
        format: model.format,
        generatedBy: model.generatedBy,
        convertedBy: model.convertedBy,
        userDefinedMetadata: model.userDefinedMetadata,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const model = await tf.loadGraphModel(fileHandler(modelJson));
  const count = parseInt(countText, 10);
  const raw = fs.readFileSync(inputsPath);
  const input = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const [h, w, c] = (shapeText || '64x64x1').split('x').map((v) => parseInt(v, 10));
  const x = dtype === 'int32' ? tf.tensor4d(Int32Array.from(input), [count, h, w, c], 'int32') : tf.tensor4d(input, [count, h, w, c], 'float32');
  const y = model.execute(x);
  const out = await y.data();
  fs.writeFileSync(outputsPath, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  console.log(`backend=${tf.getBackend()} version=${tf.version_core} outputs=${out.length}`);
})().catch((e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });

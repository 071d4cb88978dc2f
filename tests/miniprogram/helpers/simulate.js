// Loads mini-program pages and components into miniprogram-simulate the way WeChat would: templates are
// compiled by WeChat's own WXML compiler (wcc, shipped in miniprogram-compiler) so a template error fails the
// test, JS runs fresh per load, and npm component paths ("tdesign-miniprogram/button/button") resolve into
// miniprogram_npm as DevTools' 构建 npm lays them out.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const simulate = require('miniprogram-simulate');
const { MP, startApp } = require('./mp');

function ownJsonFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'miniprogram_npm' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) ownJsonFiles(p, out);
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

// tag → "/miniprogram_npm/<package path>" for every npm component our pages and components use. simulate
// applies this map to every component it loads; a tag used for two different npm components would be a bug.
let npmMap = null;
function npmComponents() {
  if (npmMap) return npmMap;
  npmMap = {};
  for (const file of ownJsonFiles(MP)) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const [tag, p] of Object.entries(json.usingComponents || {})) {
      if (p.startsWith('/') || p.startsWith('.')) continue;
      const target = `/miniprogram_npm/${p}`;
      if (npmMap[tag] && npmMap[tag] !== target) throw new Error(`${tag} means ${npmMap[tag]} and ${target}`);
      npmMap[tag] = target;
    }
  }
  return npmMap;
}

// Loads and renders the page or component at `rel` (e.g. "pages/home/index") and attaches it to a parent.
function mount(rel, props) {
  jest.resetModules();
  startApp(); // app.js runs before any page in WeChat: it hands request.js the session's tokens
  const id = simulate.load(path.join(MP, rel), {
    rootPath: MP,
    compiler: 'official',
    usingComponents: npmComponents(),
    compilerOptions: { maxBuffer: 256 * 1024 * 1024 },
  });
  const comp = simulate.render(id, props);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

// Lets pending promises, setData and timers run.
async function settle(ms = 20) {
  for (let i = 0; i < 5; i++) await simulate.sleep(ms / 5);
}

// The class list of the page's root element (simulate prefixes classes with the tag name: "main--page").
function rootClasses(comp) {
  const root = comp.dom.firstElementChild;
  return root ? root.className.split(/\s+/).map((c) => c.replace(/^[\w-]+?--/, '')) : [];
}

function text(comp) {
  return comp.dom.textContent.replace(/\s+/g, ' ');
}

module.exports = { simulate, mount, settle, rootClasses, text, npmComponents };

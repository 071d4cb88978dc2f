// Jest resolver that resolves bare module names the way the mini-program runtime does: look for
// miniprogram_npm/<name> in the requiring file's directory and every parent (tdesign's own dependencies such as
// tslib and dayjs live in its nested miniprogram_npm). Anything not found that way, and everything required from
// node_modules, goes to jest's default resolver.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function asFile(p) {
  for (const c of [p, `${p}.js`, path.join(p, 'index.js')]) {
    try {
      if (fs.statSync(c).isFile()) return c;
    } catch { /* try the next candidate */ }
  }
  return null;
}

module.exports = (request, options) => {
  const from = options.basedir;
  const bare = !request.startsWith('.') && !path.isAbsolute(request) && !request.startsWith('node:');
  if (bare && !from.includes(`${path.sep}node_modules${path.sep}`)) {
    for (let dir = from; ; dir = path.dirname(dir)) {
      const hit = asFile(path.join(dir, 'miniprogram_npm', request));
      if (hit) return hit;
      if (dir === path.dirname(dir)) break;
    }
  }
  return options.defaultResolver(request, options);
};

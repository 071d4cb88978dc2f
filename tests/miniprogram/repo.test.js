/**
 * @jest-environment node
 */
// Checks of the miniprogram/ tree itself: every page in app.json has its four files and is built with the
// shared page behaviour (elder mode class on the root); every component it uses exists; project.config.json
// is valid JSON with no real appid; no secret or real appid anywhere; only utils/request.js calls wx.request;
// styles use rpx; the location APIs used are declared; each environment has a base URL.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { MP } = require('./helpers/mp');

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'miniprogram_npm') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const files = walk(MP);
const rel = (p) => path.relative(MP, p);
const read = (p) => fs.readFileSync(p, 'utf8');
const app = JSON.parse(read(path.join(MP, 'app.json')));
const tdesign = path.join(MP, 'node_modules/tdesign-miniprogram/miniprogram_dist');

describe('app.json', () => {
  test.each(app.pages)('page %s has .js .json .wxml .wxss', (page) => {
    for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(fs.existsSync(path.join(MP, `${page}.${ext}`))).toBe(true);
  });

  test('every tab bar page is a page, and there are between 2 and 5 tabs', () => {
    expect(app.tabBar.list.length).toBeGreaterThanOrEqual(2);
    expect(app.tabBar.list.length).toBeLessThanOrEqual(5);
    for (const t of app.tabBar.list) expect(app.pages).toContain(t.pagePath);
  });

  test('the private location APIs the code calls are declared, with a zh-CN reason for the permission', () => {
    const used = new Set();
    for (const f of files.filter((p) => p.endsWith('.js'))) {
      for (const m of read(f).matchAll(/\bwx\.(getLocation|chooseLocation|chooseAddress|getFuzzyLocation)\b/g)) used.add(m[1]);
    }
    expect([...used].sort()).toEqual(['chooseLocation', 'getLocation']);
    expect(app.requiredPrivateInfos.slice().sort()).toEqual([...used].sort());
    expect(app.permission['scope.userLocation'].desc).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('sitemap.json is valid and lets WeChat index only public pages', () => {
    const sitemap = JSON.parse(read(path.join(MP, 'sitemap.json')));
    const allowed = sitemap.rules.filter((r) => r.action === 'allow').map((r) => r.page);
    expect(allowed.sort()).toEqual(['pages/gig/detail', 'pages/home/index']);
  });
});

describe('pages', () => {
  test.each(app.pages)('%s is built with Component and behaviors/page, and its root carries the elder class', (page) => {
    const js = read(path.join(MP, `${page}.js`));
    expect(js).toMatch(/\bComponent\(\{/);
    expect(js).not.toMatch(/\bPage\(\{/);
    expect(js).toMatch(/require\('\.\.\/\.\.\/behaviors\/page'\)/);
    expect(js).toMatch(/behaviors:\s*\[pageBehavior\b/); // first; other behaviours may follow
    const wxml = read(path.join(MP, `${page}.wxml`)).trim();
    expect(wxml.startsWith(`<view class="page {{elder ? 'elder' : ''}}">`)).toBe(true);
    const json = JSON.parse(read(path.join(MP, `${page}.json`)));
    expect(json.usingComponents).toBeDefined(); // required for pages built with Component
  });
});

describe('components', () => {
  const jsonFiles = files.filter((p) => p.endsWith('.json') && !/(package(-lock)?|project\.config|sitemap|app)\.json$/.test(p));

  test('every usingComponents entry points at an existing component (ours with four files, tdesign in the package)', () => {
    const missing = [];
    for (const f of jsonFiles) {
      for (const [tag, p] of Object.entries(JSON.parse(read(f)).usingComponents || {})) {
        let base;
        if (p.startsWith('/')) base = path.join(MP, p);
        else if (p.startsWith('.')) base = path.join(path.dirname(f), p);
        else if (p.startsWith('tdesign-miniprogram/')) base = path.join(tdesign, p.slice('tdesign-miniprogram/'.length));
        else {
          missing.push(`${rel(f)}: ${tag} → ${p} (unknown package)`);
          continue;
        }
        for (const ext of ['js', 'json', 'wxml', 'wxss']) if (!fs.existsSync(`${base}.${ext}`)) missing.push(`${rel(f)}: ${tag} → ${p}.${ext}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('tag names start with a letter and contain a hyphen, as WeChat requires', () => {
    for (const f of jsonFiles) {
      for (const tag of Object.keys(JSON.parse(read(f)).usingComponents || {})) expect(tag).toMatch(/^[a-z][a-z0-9]*-[a-z0-9-]+$/);
    }
  });
});

describe('project and secrets', () => {
  test('project.config.json is valid JSON with the tourist appid (no real appid committed)', () => {
    const cfg = JSON.parse(read(path.join(MP, 'project.config.json')));
    expect(cfg.appid).toBe('touristappid');
    expect(cfg.compileType).toBe('miniprogram');
    expect(cfg.setting.urlCheck).toBe(true); // 不校验合法域名 is a per-developer setting, never committed
    expect(Object.keys(cfg).join(' ')).not.toMatch(/secret/i);
  });

  test('no file holds a real-looking appid, an AppSecret or a private key', () => {
    const hits = [];
    for (const f of files.filter((p) => /\.(js|json|wxml|wxss|md)$/.test(p))) {
      const s = read(f);
      if (/\bwx[0-9a-f]{16}\b/.test(s)) hits.push(`${rel(f)}: appid`);
      if (/(app_?secret|WX_SECRET)\s*[:=]/i.test(s)) hits.push(`${rel(f)}: secret`);
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(s)) hits.push(`${rel(f)}: private key`);
    }
    expect(hits).toEqual([]);
  });

  test('project.private.config.json, node_modules and miniprogram_npm are ignored by git', () => {
    const ignore = read(path.join(MP, '.gitignore'));
    for (const p of ['project.private.config.json', 'node_modules/', 'miniprogram_npm/']) expect(ignore).toContain(p);
  });
});

describe('house rules', () => {
  const js = files.filter((p) => p.endsWith('.js'));

  test('only utils/request.js calls wx.request', () => {
    const callers = js.filter((f) => /\bwx\s*(\.\s*request\b|\[\s*['"`]request['"`]\s*\])/.test(read(f))).map(rel);
    expect(callers).toEqual(['utils/request.js']);
    // nor does anything take the function off wx under another name
    const aliases = js.filter((f) => /\{[^}]*\brequest\b[^}]*\}\s*=\s*wx\b/.test(read(f))).map(rel);
    expect(aliases).toEqual([]);
  });

  test('the grep above would catch a page calling wx.request (it is not vacuous)', () => {
    const re = /\bwx\s*(\.\s*request\b|\[\s*['"`]request['"`]\s*\])/;
    expect(re.test("wx.request({ url: 'x' })")).toBe(true);
    expect(re.test("wx['request']({})")).toBe(true);
    expect(re.test('wx . request({})')).toBe(true);
    expect(re.test('request.get(x)')).toBe(false);
  });

  test('styles use rpx, never px', () => {
    const px = [];
    for (const f of files.filter((p) => p.endsWith('.wxss'))) {
      read(f)
        .split('\n')
        .forEach((line, i) => {
          if (/\b\d+(\.\d+)?px\b/.test(line)) px.push(`${rel(f)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(px).toEqual([]);
  });

  test('every page json names its screen in Chinese', () => {
    for (const page of app.pages) {
      const title = JSON.parse(read(path.join(MP, `${page}.json`))).navigationBarTitleText;
      expect(title).toMatch(/^[\u4e00-\u9fa5]+$/);
    }
  });

  test('each environment has a base URL: develop is the local linggongd, trial and release use HTTPS', () => {
    const env = require(path.join(MP, 'config/env.js'));
    expect(env.ENVIRONMENTS.develop).toBe('http://127.0.0.1:8080/api/v1');
    expect(env.ENVIRONMENTS.trial).toMatch(/^https:\/\/.+\/api\/v1$/);
    expect(env.ENVIRONMENTS.release).toMatch(/^https:\/\/.+\/api\/v1$/);
  });
});

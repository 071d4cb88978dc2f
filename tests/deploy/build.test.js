'use strict';
// The test build cannot lose tests silently: configuring with tests on (the default) fails when check or
// node is missing, rather than leaving out the C unit tests or every node test group; and deploy/test.sh
// runs ctest so that a run that finds no tests fails. Each configure runs in a sandbox in a temporary
// directory (pkg-config's search path and the program search path narrowed to copies of the system's
// without check.pc or node), next to the same sandbox with them present, which must configure.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync, execFileSync } = require('node:child_process');

const ROOT = process.env.LG_SOURCE_DIR || path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-build-test-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const which = (prog) => execFileSync('sh', ['-c', `command -v ${prog}`], { encoding: 'utf8' }).trim();
const CMAKE = which('cmake');
const CTEST = which('ctest');

// A directory of symlinks to every entry of dirs except the names in leave.
function linkFarm(name, dirs, leave) {
  const farm = path.join(tmp, name);
  fs.mkdirSync(farm);
  for (const d of dirs) {
    let entries;
    try { entries = fs.readdirSync(d); } catch { continue; }
    for (const e of entries) {
      if (leave.includes(e) || fs.existsSync(path.join(farm, e))) continue;
      fs.symlinkSync(path.join(d, e), path.join(farm, e));
    }
  }
  return farm;
}

const pcDirs = execFileSync('pkg-config', ['--variable', 'pc_path', 'pkg-config'], { encoding: 'utf8' }).trim().split(':');
const binDirs = [...new Set([...(process.env.PATH || '').split(':').filter(Boolean), '/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'])];
const farms = {
  pcAll: linkFarm('pc-all', pcDirs, []),
  pcNoCheck: linkFarm('pc-no-check', pcDirs, ['check.pc']),
  binAll: linkFarm('bin-all', binDirs, []),
  binNoNode: linkFarm('bin-no-node', binDirs, ['node', 'nodejs']),
};

let n = 0;
// Configures the repository into a fresh build directory; returns {code, out}.
function configure({ check, node, args = [] }) {
  const dir = path.join(tmp, `build-${++n}`);
  const r = spawnSync(CMAKE, ['-S', ROOT, '-B', dir, `-DCMAKE_IGNORE_PATH=${binDirs.join(';')}`, ...args], {
    encoding: 'utf8',
    env: {
      HOME: process.env.HOME || tmp,
      PATH: node ? farms.binAll : farms.binNoNode,
      PKG_CONFIG_LIBDIR: check ? farms.pcAll : farms.pcNoCheck,
      PKG_CONFIG_PATH: '',
    },
    timeout: 120000,
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

test('cmake: the sandbox with check and node present configures (the control for the two below)', () => {
  const r = configure({ check: true, node: true });
  assert.equal(r.code, 0, r.out);
});

test('cmake: configuring with tests on fails when check is missing (pkg_check_modules CHECK REQUIRED)', () => {
  const r = configure({ check: false, node: true });
  assert.notEqual(r.code, 0, `configured without check, so the C unit tests would silently vanish:\n${r.out}`);
  assert.match(r.out, /Package 'check'.*not found/);
});

test('cmake: configuring with tests on fails when node is missing (find_program NODE_BIN REQUIRED)', () => {
  const r = configure({ check: true, node: false });
  assert.notEqual(r.code, 0, `configured without node, so the node test groups would silently vanish:\n${r.out}`);
  assert.match(r.out, /Could not find NODE_BIN using the following names: node/);
});

test('cmake: -DLG_TESTS=OFF (the server-only image build) configures without check and node', () => {
  const r = configure({ check: false, node: false, args: ['-DLG_TESTS=OFF'] });
  assert.equal(r.code, 0, r.out);
});

// The options deploy/test.sh passes to ctest (besides --test-dir and the caller's "$@").
function testShCtestOptions() {
  const lines = fs.readFileSync(path.join(ROOT, 'deploy/test.sh'), 'utf8').split('\n').filter((l) => /^\s*ctest\s/.test(l));
  assert.equal(lines.length, 1, 'deploy/test.sh should call ctest exactly once');
  const words = lines[0].trim().split(/\s+/).slice(1);
  const opts = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '--test-dir') { i++; continue; }
    if (words[i] === '"$@"') continue;
    opts.push(words[i]);
  }
  return opts;
}

test('deploy/test.sh: its ctest call fails when no test matches (--no-tests=error), and passes when one does', () => {
  const opts = testShCtestOptions();
  assert.ok(opts.includes('--no-tests=error'), `deploy/test.sh runs ctest with ${opts.join(' ')}`);
  // a one-test project run with exactly those options
  const src = path.join(tmp, 'ctest-project');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'CMakeLists.txt'),
    'cmake_minimum_required(VERSION 3.20)\nproject(one NONE)\nenable_testing()\nadd_test(NAME only COMMAND true)\n');
  const build = path.join(src, 'build');
  execFileSync(CMAKE, ['-S', src, '-B', build], { stdio: 'ignore' });
  const run = (regex) => spawnSync(CTEST, ['--test-dir', build, ...opts, '-R', regex], { encoding: 'utf8' });
  const none = run('^no_such_test$');
  assert.notEqual(none.status, 0, `a run that found no tests passed:\n${none.stdout}${none.stderr}`);
  const one = run('^only$');
  assert.equal(one.status, 0, one.stdout + one.stderr);
});

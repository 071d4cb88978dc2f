// `linggongd migrate` against databases of its own (never the shared test database) and a copy of schema/
// in a temporary directory: an applied migration whose file was edited is refused, with nothing after it
// applied, until the file is restored; two migrate runs started together apply each file exactly once.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freshDatabase, runLinggongd, SOURCE } = require('./lib');

const cleanups = [];
after(() => { for (const c of cleanups.reverse()) c(); });

// A fresh database and a copy of schema/ to edit; removed after the file's tests.
function sandbox(prefix) {
  const db = freshDatabase(prefix);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-schema-'));
  for (const f of fs.readdirSync(path.join(SOURCE, 'schema'))) fs.copyFileSync(path.join(SOURCE, 'schema', f), path.join(dir, f));
  cleanups.push(() => { db.drop(); fs.rmSync(dir, { recursive: true, force: true }); });
  const migrate = () => runLinggongd(['migrate'], { DB_NAME: db.name, SCHEMA_DIR: dir });
  const files = () => fs.readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return { db, dir, migrate, files };
}

// The "migration applied" log lines of a run's output, as file names.
const appliedIn = (run) => (run.stdout + run.stderr).split('\n')
  .filter((l) => l.startsWith('{') && l.includes('"migration applied"'))
  .map((l) => JSON.parse(l).file);

const tableExists = (db, t) => db.sql(`SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${t}'`)[0][0] === '1';

test('linggongd migrate refuses an applied migration whose file was edited, applies nothing after it, and goes on once it is restored', async () => {
  const s = sandbox('lgmig_sum');
  const first = await s.migrate();
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(appliedIn(first), s.files());
  const recorded = s.db.sql('SELECT version, checksum FROM schema_migrations ORDER BY version');
  assert.equal(recorded.length, s.files().length);

  // an edit of an applied file (one that would change the schema) and a new migration after it
  const edited = path.join(s.dir, '003_marketplace.sql');
  const original = fs.readFileSync(edited);
  fs.appendFileSync(edited, '\nALTER TABLE gigs ADD COLUMN sneaky INT NULL;\n');
  fs.writeFileSync(path.join(s.dir, '900_probe.sql'), 'CREATE TABLE mig_probe (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n');
  const refused = await s.migrate();
  assert.notEqual(refused.code, 0, `an edited applied migration was accepted:\n${refused.stdout}${refused.stderr}`);
  assert.match(refused.stderr, /003_marketplace\.sql was changed after it was applied/, refused.stderr);
  assert.deepEqual(appliedIn(refused), []);
  assert.equal(tableExists(s.db, 'mig_probe'), false, 'a migration after the edited one ran');
  assert.equal(s.db.sql("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'gigs' AND column_name = 'sneaky'")[0][0], '0');
  assert.deepEqual(s.db.sql('SELECT version, checksum FROM schema_migrations ORDER BY version'), recorded, 'the recorded checksums changed');

  // a comment-only edit changes the bytes too, and is refused the same way
  fs.writeFileSync(edited, Buffer.concat([original, Buffer.from('-- harmless?\n')]));
  const comment = await s.migrate();
  assert.notEqual(comment.code, 0);
  assert.match(comment.stderr, /003_marketplace\.sql was changed after it was applied/);

  fs.writeFileSync(edited, original);
  const restored = await s.migrate();
  assert.equal(restored.code, 0, restored.stderr);
  assert.deepEqual(appliedIn(restored), ['900_probe.sql']);
  assert.equal(tableExists(s.db, 'mig_probe'), true);
});

test('two linggongd migrate runs started together apply each migration exactly once, and both succeed', async () => {
  const s = sandbox('lgmig_lock');
  // a migration that takes a while, so the second run starts while the first is still inside it; it
  // counts how often it ran in a table of its own
  fs.writeFileSync(path.join(s.dir, '898_probe_table.sql'), 'CREATE TABLE mig_runs (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, conn BIGINT NOT NULL) ENGINE=InnoDB;\n');
  fs.writeFileSync(path.join(s.dir, '899_slow.sql'), 'DO SLEEP(2);\nINSERT INTO mig_runs (conn) VALUES (CONNECTION_ID());\n');
  const runs = await Promise.all([s.migrate(), s.migrate()]);
  for (const r of runs) assert.equal(r.code, 0, `a concurrent migrate failed:\n${r.stdout}${r.stderr}`);
  const applied = runs.flatMap(appliedIn).sort();
  assert.deepEqual(applied, s.files(), 'some migration was applied twice or not at all');
  assert.deepEqual(s.db.sql('SELECT COUNT(*) FROM mig_runs'), [['1']]);
  assert.deepEqual(s.db.sql('SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations'), [[String(s.files().length), String(s.files().length)]]);
  // one run applied everything, the other found nothing left
  assert.deepEqual(runs.map((r) => appliedIn(r).length).sort((a, b) => a - b), [0, s.files().length]);
});

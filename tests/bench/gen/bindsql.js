#!/usr/bin/env node
// Binds values into one of the statements printed by sqltext (NAME<TAB>SQL lines on stdin), in order, as
// SQL literals, and prints the statement: `bindsql.js NAME v1 v2 ...`. Numbers stay bare (unless written s:123), the
// rest is quoted. Used by tests/bench/search.sh to EXPLAIN the server's own search statements.
'use strict';
const [name, ...vals] = process.argv.slice(2);
const text = require('fs').readFileSync(0, 'utf8').split('\n').find((l) => l.startsWith(name + '\t'));
if (!text) {
  process.stderr.write(`bindsql: no statement ${name}\n`);
  process.exit(2);
}
let i = 0;
const out = text.slice(name.length + 1).replace(/\?/g, () => {
  if (i >= vals.length) {
    process.stderr.write(`bindsql: ${name} has more than ${vals.length} parameters\n`);
    process.exit(2);
  }
  let v = vals[i++];
  // "s:" forces a string literal: code columns (county_code CHAR(6)) compared with a bare number lose
  // their index, so a plan printed that way would not be the server's (it binds strings)
  if (v.startsWith('s:')) v = v.slice(2);
  else if (/^-?\d+(\.\d+)?$/.test(v)) return v;
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
});
if (i !== vals.length) {
  process.stderr.write(`bindsql: ${name} has ${i} parameters, ${vals.length} given\n`);
  process.exit(2);
}
process.stdout.write(out + '\n');

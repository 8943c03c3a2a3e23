// Warm start for Node.js (see launcher.c): booted before the job, then runs the program as `node main.js` would.
const fs = require('fs');
const path = require('path');
fs.writeSync(3, 'r'); // booted: the launcher hands over the job only now
const chunks = [];
const buffer = Buffer.allocUnsafe(65536);
for (let n; (n = fs.readSync(3, buffer, 0, buffer.length, null)) > 0;) chunks.push(Buffer.from(buffer.subarray(0, n)));
fs.closeSync(3);
const argv = Buffer.concat(chunks).toString('utf8').split('\0').slice(0, -1);
process.argv = [process.argv[0], path.resolve(argv[0]), ...argv.slice(1)];
require('module').runMain();

// HTTP fetch of the URL the test serves on the host (stdin), or of a public site without one.
const url = require('node:fs').readFileSync(0, 'utf8').trim() || 'http://example.com/';
fetch(url, { signal: AbortSignal.timeout(2000) })
  .then((res) => res.text())
  .then(
    (body) => console.log(`LEAK: ${url} ${body.trim().slice(0, 64)}`),
    () => console.log('blocked'),
  );

'use strict';
// A tiny HTTP proxy on 127.0.0.1 that holds every request for a fixed time before passing it on: it gives a
// local S3 server the per-request latency of a real one (S3's first byte takes tens of milliseconds), which is
// what a concurrent reader hides. Run as its own process so its work does not share the client's event loop.
//   node bench/latency-proxy.js TARGET_URL DELAY_MS   → prints the proxy's URL on stdout, runs until killed
const http = require('node:http');

const [target, delayArg] = process.argv.slice(2);
const delay = Number(delayArg);
const upstream = new URL(target);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer((req, res) => {
  setTimeout(() => {
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(forward);
  }, delay);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));

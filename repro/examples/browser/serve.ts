/**
 * `npm run demo:browser`: builds the demo page and serves it on 127.0.0.1,
 * printing the URL to open.
 *
 *   npx tsx examples/browser/serve.ts [--port N] [--no-build]
 */
import {createReadStream, statSync} from 'fs';
import {createServer, Server} from 'http';
import {AddressInfo} from 'net';
import {extname, join, normalize, sep} from 'path';

import {buildBrowserDemo, DEFAULT_OUT_DIR} from './build';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',
};

/**
 * Serves the files under `root` (read-only, GET/HEAD, no directory listing) on
 * 127.0.0.1; port 0 picks a free one. Resolves once listening.
 */
export function serveDirectory(root: string, port = 0): Promise<{server: Server, url: string}> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    // Refuse anything that escapes the served folder (../ tricks).
    if (!file.startsWith(normalize(root) + sep) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(403).end();
      return;
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      res.writeHead(404, {'Content-Type': 'text/plain'}).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD')
      res.end();
    else
      createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const {port: actual} = server.address() as AddressInfo;
      resolve({server, url: `http://127.0.0.1:${actual}/`});
    });
  });
}

async function main(argv: string[]): Promise<void> {
  const portIndex = argv.indexOf('--port');
  const port = portIndex >= 0 ? Number(argv[portIndex + 1]) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${argv[portIndex + 1]}"`);
  }
  const dir = argv.includes('--no-build') ? DEFAULT_OUT_DIR : await buildBrowserDemo();
  const {url} = await serveDirectory(dir, port);
  console.log(`SmeLU browser demo: open ${url} (webgl backend; add ?backend=cpu to compare). Ctrl+C stops.`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}

/**
 * The browser harness itself: static serving, Chromium discovery and the
 * clear failures the browser suites rely on, and page error collection.
 * @fullRun browser
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

import {REPO_ROOT} from '../paths';
import {
  BrowserUnavailableError,
  chromiumExecutablePath,
  launchChromium,
  openPage,
  scriptPage,
  serveStatic
} from './harness';


/** GET without URL normalisation by a client library: the path goes out as written. */
function get(url: string, rawPath: string): Promise<{status: number, type: string, body: string}> {
  return new Promise((resolve, reject) => {
    http.get(url + rawPath, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => body += chunk);
          res.on('end', () => resolve({status: res.statusCode ?? 0, type: String(res.headers['content-type']), body}));
        }).on('error', reject);
  });
}

/** Runs `fn` with CHROMIUM_PATH set to `value`, restoring it afterwards. */
async function withChromiumPath<T>(value: string, fn: () => Promise<T>| T): Promise<T> {
  const saved = process.env.CHROMIUM_PATH;
  process.env.CHROMIUM_PATH = value;
  try {
    return await fn();
  } finally {
    if (saved === undefined)
      delete process.env.CHROMIUM_PATH;
    else
      process.env.CHROMIUM_PATH = saved;
  }
}

describe('serveStatic', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'a.js'), 'var a = 1;');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'not under /files/sub/');
  });
  afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

  it('serves files, in-memory bodies and directories on 127.0.0.1, and 404s the rest', async () => {
    const server = await serveStatic({
      '/one.js': path.join(dir, 'sub', 'a.js'),
      '/page.html': {body: '<p>hi</p>', contentType: 'text/html'},
      '/files/': path.join(dir, 'sub'),
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await get(server.url, '/one.js'))
          .toEqual({status: 200, type: 'text/javascript; charset=utf-8', body: 'var a = 1;'});
      expect(await get(server.url, '/page.html')).toMatchObject({status: 200, type: 'text/html', body: '<p>hi</p>'});
      expect(await get(server.url, '/files/a.js')).toMatchObject({status: 200, body: 'var a = 1;'});
      expect((await get(server.url, '/files/missing.js')).status).toBe(404);
      expect((await get(server.url, '/nothing')).status).toBe(404);
      // An encoded "../" must not escape the mapped directory.
      expect((await get(server.url, '/files/..%2fsecret.txt')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('rejects a route to a path that does not exist, naming it', async () => {
    await expect(serveStatic({'/x.js': path.join(dir, 'nope.js')})).rejects.toThrow(/"\/x\.js".*nope\.js/);
  });
});

describe('Chromium discovery and launch', () => {
  it('names CHROMIUM_PATH when it points at nothing', async () => {
    await withChromiumPath('/nonexistent/chromium', () => {
      expect(() => chromiumExecutablePath()).toThrow(BrowserUnavailableError);
      expect(() => chromiumExecutablePath()).toThrow(/CHROMIUM_PATH.*\/nonexistent\/chromium/);
    });
  });

  it('fails with BrowserUnavailableError when the executable is not a working browser', async () => {
    const launch = withChromiumPath('/bin/false', () => launchChromium());
    await expect(launch).rejects.toThrow(BrowserUnavailableError);
    await expect(launch).rejects.toThrow(/Chromium at \/bin\/false did not start/);
  }, 60_000);

  it('ensure-chromium.js finds the browser, prints it, and fails clearly on a bad CHROMIUM_PATH', () => {
    const script = path.join(REPO_ROOT, 'scripts', 'ensure-chromium.js');
    const ok = spawnSync(process.execPath, [script], {encoding: 'utf8'});
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`ensure-chromium: using ${chromiumExecutablePath()}`);
    const bad = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: {...process.env, CHROMIUM_PATH: '/nonexistent/chromium'},
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/CHROMIUM_PATH is set to "\/nonexistent\/chromium", which is not an executable/);
  });

  it('collects console errors and uncaught exceptions of a page', async () => {
    const browser = await launchChromium();
    const server = await serveStatic({
      '/': {body: scriptPage(['/bad.js']), contentType: 'text/html'},
      '/bad.js': {body: 'console.error("boom"); console.warn("careful"); throw new Error("bang");'},
    });
    try {
      const session = await openPage(browser, server.url + '/');
      expect(session.errors).toEqual(['console.error: boom', expect.stringContaining('bang')]);
      expect(session.warnings).toEqual(['careful']);
      await session.close();
      await expect(openPage(browser, server.url + '/missing.html')).rejects.toThrow(/answered 404/);
    } finally {
      await server.close();
      await browser.close();
    }
  }, 60_000);
});

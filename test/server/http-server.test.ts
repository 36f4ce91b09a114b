import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobState } from '../../src/api/contract.js';
import { createApi, type Api } from '../../src/api/create-api.js';
import { CONTENT_SECURITY_POLICY } from '../../src/server/csp.js';
import { safeFileName, startServer, type RunningServer } from '../../src/server/http-server.js';
import { fileScopedDir, reconciledSimWorkspace, simEstate } from '../api/fixtures.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request (fetch would not let us forge Host). */
function request(
  server: RunningServer,
  method: string,
  urlPath: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path: urlPath,
        headers: { host: `127.0.0.1:${server.port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = (s: RunningServer) => ({ authorization: `Bearer ${s.token}` });
const json = { 'content-type': 'application/json' };

async function callApi<T>(server: RunningServer, method: string, params: unknown): Promise<T> {
  const r = await request(server, 'POST', `/api/${method}`, {
    headers: { ...auth(server), ...json },
    body: JSON.stringify({ params }),
  });
  expect(r.status).toBe(200);
  const body = JSON.parse(r.body) as { ok: boolean; value?: T; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error!.code}: ${body.error!.message}`);
  return body.value as T;
}

/** Opens the SSE stream and collects `event: name / data: json` pairs. */
function subscribe(
  server: RunningServer,
): Promise<{ events: { event: string; data: unknown }[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: unknown }[] = [];
    const req = http.get(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/events?token=${server.token}`,
        headers: { host: `127.0.0.1:${server.port}` },
      },
      (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
          }
        });
        resolve({ events, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
  });
}

describe('cmdbw serve: the loopback HTTP server', () => {
  const files = fileScopedDir('cmdbw-serve-test-');
  const staticDir = path.join(files.dir, 'renderer');
  let api: Api;
  let server: RunningServer;

  beforeAll(async () => {
    mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    writeFileSync(
      path.join(staticDir, 'index.html'),
      '<!doctype html><title>CMDB Workbench</title><script type="module" src="./assets/app.js"></script>',
    );
    writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
    writeFileSync(path.join(files.dir, 'secret.txt'), 'outside the UI folder');
    api = createApi({ mode: 'browser', version: 'test' });
    api.host.open(await reconciledSimWorkspace(files.dir), { remember: false });
    server = await startServer({ ...api, staticDir, maxUploadBytes: 64 * 1024 * 1024 });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await api?.host.close();
    files.remove();
  });

  it('listens on 127.0.0.1 with a 32-byte token in the URL fragment', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  describe('without the token: 401', () => {
    it.each([
      ['POST', '/api/app/info', {}],
      ['POST', '/api/cis/rows', {}],
      ['POST', '/api/no/such', {}],
      ['GET', '/api/events', {}],
      ['POST', '/api/upload?name=x.csv', {}],
      ['POST', '/api/save', {}],
      ['GET', '/api/download/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {}],
      ['POST', '/api/app/info', { authorization: 'Bearer wrong' }],
      ['POST', '/api/app/info', { authorization: 'Basic abc' }],
      ['GET', '/api/events?token=wrong', {}],
    ])('%s %s %j', async (method, urlPath, headers) => {
      const r = await request(server, method, urlPath, {
        headers: { ...json, ...headers },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    });

    it('does not take the token from the query string for API calls', async () => {
      const r = await request(server, 'POST', `/api/app/info?token=${server.token}`, {
        headers: json,
        body: '{}',
      });
      expect(r.status).toBe(401);
    });
  });

  it.each(['evil.example:80', `127.0.0.1.nip.io:1234`, 'localhost', `127.0.0.1:${1}`])(
    'refuses Host %s with 403, even with the token (DNS rebinding)',
    async (host) => {
      const r = await request(server, 'POST', '/api/app/info', {
        headers: { ...auth(server), ...json, host },
        body: '{}',
      });
      expect(r.status).toBe(403);
      expect((await request(server, 'GET', '/', { headers: { host } })).status).toBe(403);
    },
  );

  it('refuses cross-origin requests with 403', async () => {
    const r = await request(server, 'POST', '/api/app/info', {
      headers: { ...auth(server), ...json, origin: 'https://evil.example' },
      body: '{}',
    });
    expect(r.status).toBe(403);
    const same = await request(server, 'POST', '/api/app/info', {
      headers: {
        ...auth(server),
        ...json,
        origin: `http://localhost:${server.port}`,
        host: `localhost:${server.port}`,
      },
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('answers API calls with the token (200, ApiResponse), including errors', async () => {
    const info = await callApi<{ mode: string; workspace: { name: string } }>(server, 'app/info', {});
    expect(info).toMatchObject({ mode: 'browser', workspace: { name: 'sim-400-11' } });
    const rows = await callApi<{ rows: unknown[]; lastRow: number }>(server, 'cis/rows', {
      startRow: 0,
      endRow: 50,
      sortModel: [{ colId: 'name', sort: 'asc' }],
      filterModel: {},
    });
    expect(rows.rows).toHaveLength(50);
    const bad = await request(server, 'POST', '/api/cis/rows', {
      headers: { ...auth(server), ...json },
      body: JSON.stringify({ params: { startRow: 0, endRow: 50_000, sortModel: [], filterModel: {} } }),
    });
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const unknown = await request(server, 'POST', '/api/no/such', {
      headers: { ...auth(server), ...json },
      body: '{}',
    });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('insists on a JSON body of the form {"params": ...}', async () => {
    const h = auth(server);
    expect(
      (
        await request(server, 'POST', '/api/app/info', {
          headers: { ...h, 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
    expect(
      (await request(server, 'POST', '/api/app/info', { headers: { ...h, ...json }, body: '{nope' })).status,
    ).toBe(400);
    expect(
      (await request(server, 'POST', '/api/app/info', { headers: { ...h, ...json }, body: '{"method":"x"}' }))
        .status,
    ).toBe(400);
    expect(
      (
        await request(server, 'POST', '/api/app/info', {
          headers: { ...h, ...json },
          body: 'x'.repeat(2 << 20),
        })
      ).status,
    ).toBe(413);
    expect((await request(server, 'GET', '/api/app/info', { headers: h })).status).toBe(405);
  });

  it('serves the UI with the CSP and security headers, without a token', async () => {
    const r = await request(server, 'GET', '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>CMDB Workbench</title>');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*(unsafe-inline|data:|blob:)/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['cache-control']).toBe('no-store');
    const js = await request(server, 'GET', '/assets/app.js');
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    // The UI routes with fragments: any other path is a 404, not the page.
    expect((await request(server, 'GET', '/index.html')).status).toBe(200);
    expect((await request(server, 'GET', '/cis/42')).status).toBe(404);
    expect((await request(server, 'GET', '/assets/missing.js')).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%00',
    '/%E0%A4%A',
  ])('does not serve %s (path traversal)', async (p) => {
    const r = await request(server, 'GET', p);
    expect(r.body).not.toContain('outside the UI folder');
    expect([400, 404]).toContain(r.status);
  });

  it('turns an old-style ?token= link into the fragment form', async () => {
    const r = await request(server, 'GET', `/?token=${server.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe(`/#token=${server.token}`);
    expect((await request(server, 'GET', '/?token=wrong')).status).toBe(401);
  });

  it('imports an uploaded file by its token, with job progress over SSE', async () => {
    const sse = await subscribe(server);
    try {
      const estate = simEstate(5000, 21);
      const file = readFileSync(path.join(estate, 'discovery', 'glpi-inventory.ndjson'));
      const up = await request(server, 'POST', '/api/upload?name=glpi%20inventory.ndjson', {
        headers: { ...auth(server), 'content-type': 'application/octet-stream' },
        body: file,
      });
      expect(up.status).toBe(200);
      const { value } = JSON.parse(up.body) as { value: { token: string; name: string; size: number } };
      expect(value).toMatchObject({ name: 'glpi inventory.ndjson', size: file.length });
      expect(value.token).toMatch(/^[A-Za-z0-9_-]{32}$/);

      const preview = await callApi<{ format: string; file: string }>(server, 'import/preview', {
        file: value.token,
      });
      expect(preview).toMatchObject({ format: 'glpi-inventory', file: 'glpi inventory.ndjson' });

      const job = await callApi<JobState>(server, 'import/start', {
        files: [value.token],
        source: 'uploaded-glpi',
      });
      const done = await api.host.jobs.wait(job.id);
      expect(done.status).toBe('done');
      await new Promise((r) => setTimeout(r, 100));
      const mine = sse.events
        .filter((e) => e.event === 'job' && (e.data as JobState).id === job.id)
        .map((e) => e.data as JobState);
      // Progress reports from the worker (throttled by the importer to 10 a second), then the end.
      const reports = mine.filter((j) => j.status === 'running' && /records/.test(j.detail));
      expect(reports.length, JSON.stringify(mine)).toBeGreaterThan(0);
      expect(reports.some((j) => j.progress > 0)).toBe(true);
      expect(mine.at(-1)).toMatchObject({ status: 'done' });
      expect(sse.events.some((e) => e.event === 'workspace/changed')).toBe(true);

      const sources = await callApi<{ source: string; records: number }[]>(server, 'sources/list', {});
      expect(sources.find((s) => s.source === 'uploaded-glpi')?.records).toBeGreaterThan(1000);
    } finally {
      sse.close();
    }
  });

  it('refuses uploads over the size limit', async () => {
    const small = await startServer({ ...api, staticDir, maxUploadBytes: 1024 });
    try {
      const r = await request(small, 'POST', '/api/upload?name=big.csv', {
        headers: { authorization: `Bearer ${small.token}`, 'content-type': 'application/octet-stream' },
        body: Buffer.alloc(4096, 0x41),
      });
      expect(r.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('refuses to open an uploaded file as a workspace', async () => {
    const up = await request(server, 'POST', '/api/upload?name=x.cmdbw', {
      headers: { ...auth(server), 'content-type': 'application/octet-stream' },
      body: 'SQLite format 3\u0000',
    });
    const token = (JSON.parse(up.body) as { value: { token: string } }).value.token;
    const r = await request(server, 'POST', '/api/workspace/open', {
      headers: { ...auth(server), ...json },
      body: JSON.stringify({ params: { file: token } }),
    });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
  });

  it('exports to a save target and serves it for download', async () => {
    const save = await request(server, 'POST', '/api/save', {
      headers: { ...auth(server), ...json },
      body: JSON.stringify({ name: '../cis view.csv' }),
    });
    expect(save.status).toBe(200);
    const { value } = JSON.parse(save.body) as { value: { token: string; name: string } };
    expect(value.name).toBe('cis view.csv');
    expect((await request(server, 'GET', `/api/download/${value.token}?token=${server.token}`)).status).toBe(
      404,
    );
    const result = await callApi<{ rows: number; file: string }>(server, 'cis/export', {
      file: value.token,
      format: 'csv',
      request: { sortModel: [], filterModel: {} },
      columns: ['id', 'name'],
    });
    expect(result.file).toBe('cis view.csv');
    const dl = await request(server, 'GET', `/api/download/${value.token}`, { headers: auth(server) });
    expect(dl.status).toBe(200);
    expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''cis%20view.csv");
    expect(dl.body.split('\r\n')[0]).toBe('\uFEFF"id","name"');
    expect(dl.body.trim().split('\r\n')).toHaveLength(result.rows + 1);
    // Only download targets can be downloaded: not uploads, not anything else with a token.
    const up = await request(server, 'POST', '/api/upload?name=u.txt', {
      headers: { ...auth(server), 'content-type': 'application/octet-stream' },
      body: 'uploaded',
    });
    const upToken = (JSON.parse(up.body) as { value: { token: string } }).value.token;
    expect((await request(server, 'GET', `/api/download/${upToken}`, { headers: auth(server) })).status).toBe(
      404,
    );
  });

  it('makes browser file names safe', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\cmdb.csv')).toBe('cmdb.csv');
    expect(safeFileName('..')).toBe('upload');
    expect(safeFileName('a\u0000b:c?.csv')).toBe('a_b_c_.csv');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName(null, 'export')).toBe('export');
  });
});

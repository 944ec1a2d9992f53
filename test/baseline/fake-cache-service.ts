// An in-memory stand-in for the GitHub Actions cache service on 127.0.0.1, speaking both protocols
// @actions/cache v6 uses, so tests drive the real library end to end:
//
// - legacy (v1) REST, chosen when ACTIONS_CACHE_URL is set and ACTIONS_CACHE_SERVICE_V2 is not:
//   GET  _apis/artifactcache/cache?keys=k1,k2&version=V   204 none, 200 {cacheKey, archiveLocation}
//   POST _apis/artifactcache/caches {key, version}         reserve -> {cacheId}
//   PATCH _apis/artifactcache/caches/:id + Content-Range   one chunk of the archive
//   POST _apis/artifactcache/caches/:id {size}             commit
// - v2 Twirp JSON, chosen by ACTIONS_CACHE_SERVICE_V2 with ACTIONS_RESULTS_URL (what github.com
//   runners use): POST /twirp/github.actions.results.api.v1.CacheService/{CreateCacheEntry,
//   FinalizeCacheEntryUpload, GetCacheEntryDownloadURL}, the upload going to a signed URL with the
//   Azure Blob "Put Blob" call (a PUT the Azure SDK sends; here small archives take one request).
//
// Downloads in both are a plain GET of the archive (the library uses the Azure SDK only for
// *.blob.core.windows.net hosts). Lookups follow the service: same version only, committed entries
// only, and for each key in order an exact match, else the newest entry with that prefix.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  data: Buffer;
  committed: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
}

export interface FakeCacheService {
  /** Base URL ending in `/`, for ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL. */
  url: string;
  entries: CacheEntry[];
  requests: RecordedRequest[];
  /** Answer the next reserve (v1) or CreateCacheEntry (v2) with this HTTP status. */
  failNextReserve?: number;
  /** Answer the next v1 commit with this HTTP status. */
  failNextCommit?: number;
  /** The token every request must carry. */
  token: string;
  close(): Promise<void>;
}

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';

export async function startFakeCacheService(token = 'test-runtime-token'): Promise<FakeCacheService> {
  const service: Omit<FakeCacheService, 'url' | 'close'> = { entries: [], requests: [], token };
  let nextId = 1;
  let base = '';

  const find = (keys: string[], version: string): CacheEntry | undefined => {
    const usable = service.entries.filter((entry) => entry.committed && entry.version === version);
    for (const key of keys) {
      const exact = usable.find((entry) => entry.key === key);
      if (exact) return exact;
      // Newest first: ids grow with time.
      const prefixed = usable.filter((entry) => entry.key.startsWith(key)).sort((a, b) => b.id - a.id);
      if (prefixed[0]) return prefixed[0];
    }
    return undefined;
  };

  const reserve = (
    key: string,
    version: string,
  ): { entry?: CacheEntry; status?: number; message?: string } => {
    if (service.failNextReserve !== undefined) {
      const status = service.failNextReserve;
      delete service.failNextReserve;
      return { status, message: `injected failure ${status}` };
    }
    if (service.entries.some((entry) => entry.key === key && entry.version === version)) {
      return {
        status: 409,
        message: `Cache already exists. Scope: refs/heads/main, Key: ${key}, Version: ${version}`,
      };
    }
    const entry: CacheEntry = { id: nextId++, key, version, data: Buffer.alloc(0), committed: false };
    service.entries.push(entry);
    return { entry };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', base);
    const raw = await readBody(request);
    const isJson = (request.headers['content-type'] ?? '').includes('json');
    const body =
      isJson && raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : undefined;
    service.requests.push({
      method: request.method ?? '',
      path: url.pathname + url.search,
      ...(body ? { body } : {}),
    });

    // Archive transfers carry no bearer token: the URL is the credential, as with the real service.
    const download = /^\/download\/(\d+)$/.exec(url.pathname);
    if (download && request.method === 'GET') {
      const entry = service.entries.find((e) => e.id === Number(download[1]));
      if (!entry) return send(response, 404);
      response.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': entry.data.length,
      });
      response.end(entry.data);
      return;
    }
    const blob = /^\/blob\/devstoreaccount1\/caches\/(\d+)$/.exec(url.pathname);
    if (blob && request.method === 'PUT') {
      const entry = service.entries.find((e) => e.id === Number(blob[1]));
      if (!entry || request.headers['x-ms-blob-type'] !== 'BlockBlob') return send(response, 400);
      entry.data = raw;
      response.writeHead(201, {
        ETag: `"0x${entry.id.toString(16)}"`,
        'Last-Modified': new Date().toUTCString(),
        'x-ms-request-id': `req-${entry.id}`,
        'x-ms-version': '2025-01-05',
        'x-ms-request-server-encrypted': 'true',
        'Content-Length': 0,
      });
      response.end();
      return;
    }

    if (request.headers.authorization !== `Bearer ${service.token}`)
      return send(response, 401, { message: 'bad token' });

    if (url.pathname.startsWith(TWIRP) && request.method === 'POST' && body) {
      return twirp(url.pathname.slice(TWIRP.length), body, response);
    }
    if (url.pathname === '/_apis/artifactcache/cache' && request.method === 'GET') {
      const keys = (url.searchParams.get('keys') ?? '').split(',');
      const entry = find(keys, url.searchParams.get('version') ?? '');
      if (!entry) return send(response, 204);
      return send(response, 200, {
        cacheKey: entry.key,
        scope: 'refs/heads/main',
        archiveLocation: `${base}download/${entry.id}`,
      });
    }
    if (url.pathname === '/_apis/artifactcache/caches' && request.method === 'GET') {
      // Listed only when the library runs in debug mode, to explain a miss.
      return send(response, 200, { totalCount: 0, artifactCaches: [] });
    }
    if (url.pathname === '/_apis/artifactcache/caches' && request.method === 'POST' && body) {
      const reserved = reserve(String(body['key']), String(body['version']));
      if (!reserved.entry) return send(response, reserved.status ?? 500, { message: reserved.message });
      return send(response, 201, { cacheId: reserved.entry.id });
    }
    const cacheId = /^\/_apis\/artifactcache\/caches\/(\d+)$/.exec(url.pathname);
    const entry = cacheId
      ? service.entries.find((e) => e.id === Number(cacheId[1]) && !e.committed)
      : undefined;
    if (cacheId && !entry) return send(response, 404, { message: 'no such reservation' });
    if (entry && request.method === 'PATCH') {
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(request.headers['content-range']));
      if (!range || Number(range[2]) - Number(range[1]) + 1 !== raw.length) return send(response, 400);
      const start = Number(range[1]);
      const data = Buffer.alloc(Math.max(entry.data.length, start + raw.length));
      entry.data.copy(data);
      raw.copy(data, start);
      entry.data = data;
      return send(response, 204);
    }
    if (entry && request.method === 'POST' && body) {
      if (service.failNextCommit !== undefined) {
        const status = service.failNextCommit;
        delete service.failNextCommit;
        return send(response, status, { message: `injected failure ${status}` });
      }
      if (body['size'] !== entry.data.length) return send(response, 400, { message: 'size mismatch' });
      entry.committed = true;
      return send(response, 204);
    }
    send(response, 404, { message: `no route for ${request.method} ${url.pathname}` });
  };

  const twirp = (method: string, body: Record<string, unknown>, response: ServerResponse): void => {
    const version = String(body['version']);
    if (method === 'GetCacheEntryDownloadURL') {
      const restoreKeys = Array.isArray(body['restore_keys']) ? body['restore_keys'].map(String) : [];
      const entry = find([String(body['key']), ...restoreKeys], version);
      if (!entry) return send(response, 200, { ok: false });
      return send(response, 200, {
        ok: true,
        signed_download_url: `${base}download/${entry.id}`,
        matched_key: entry.key,
      });
    }
    if (method === 'CreateCacheEntry') {
      const reserved = reserve(String(body['key']), version);
      if (!reserved.entry) {
        const code = reserved.status === 409 ? 'already_exists' : 'internal';
        return send(response, reserved.status ?? 500, { code, msg: reserved.message });
      }
      return send(response, 200, {
        ok: true,
        signed_upload_url: `${base}blob/devstoreaccount1/caches/${reserved.entry.id}?sig=test`,
      });
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = service.entries.find(
        (e) => e.key === body['key'] && e.version === version && !e.committed,
      );
      if (!entry || Number(body['size_bytes']) !== entry.data.length) {
        return send(response, 200, { ok: false, message: 'nothing uploaded under that key' });
      }
      entry.committed = true;
      return send(response, 200, { ok: true, entry_id: String(entry.id) });
    }
    send(response, 404, { code: 'bad_route', msg: `no method ${method}` });
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return Object.assign(service, {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The library's clients keep connections alive; do not wait for them to idle out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

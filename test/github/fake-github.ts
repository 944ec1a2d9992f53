// An in-memory stand-in for the parts of the GitHub REST API the sticky comment uses, on 127.0.0.1, so
// tests drive the real octokit from @actions/github end to end. It answers the way github.com does:
//
//   GET   /user                                   200 {login,id,type:'User'} for a personal token; 403
//                                                 "Resource not accessible by integration" when the
//                                                 token's actor is a Bot (GITHUB_TOKEN, App tokens)
//   GET   /repos/:o/:r/issues/:n/comments         ascending by id; page/per_page (default 30, max 100);
//   GET   /repositories/:id/issues/:n/comments    Link rel=next/last/prev/first, whose URLs use the
//                                                 /repositories/:id form, as github.com's do
//   POST  /repos/:o/:r/issues/:n/comments         201 {id, html_url, body, user}, written as the actor
//   PATCH /repos/:o/:r/issues/comments/:id        200, anyone's comment (a writable GITHUB_TOKEN can
//                                                 edit others' comments too: the author check is ours)
//   GET   /repos/:o/:r/pulls?state=&head=OWNER:REF  for the workflow_run fallback
//   GET   /repos/:o/:r/pulls/:n                   one pull request (its head sha), 404 when unknown
//
// Every request must carry `Authorization: token T` or `Bearer T`, else 401 "Bad credentials".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface FakeComment {
  id: number;
  owner: string;
  repo: string;
  issue: number;
  body: string;
  user: FakeUser;
}

export interface FakePull {
  owner: string;
  repo: string;
  number: number;
  state: 'open' | 'closed';
  head: { owner: string; ref: string; sha: string };
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  /** The scheme of the Authorization header; never the token. */
  auth: 'token' | 'bearer' | 'missing' | 'wrong';
  body?: unknown;
}

export interface TransientFailure {
  method: string;
  status: number;
  message?: string;
  headers?: Record<string, string>;
}

/** What github.com answers when a client writes too fast. */
export const SECONDARY_RATE_LIMIT: Omit<TransientFailure, 'method'> = {
  status: 403,
  message:
    'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
  headers: { 'retry-after': '1' },
};

export const USERS = {
  actionsBot: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
  appBot: { login: 'nicgate-app[bot]', id: 90001, type: 'Bot' },
  octocat: { login: 'octocat', id: 583231, type: 'User' },
  mallory: { login: 'mallory', id: 666, type: 'User' },
} as const satisfies Record<string, FakeUser>;

export interface FakeGithub {
  /** API base URL without a trailing slash, for getOctokit's baseUrl. */
  url: string;
  /** The token every request must carry. */
  token: string;
  /** Who the token writes as; a Bot cannot read GET /user. */
  actor: FakeUser;
  comments: FakeComment[];
  pulls: FakePull[];
  requests: RecordedRequest[];
  /** Answer every create / update / list of comments with this status (403 as for a fork's read-only token). */
  failCreate?: number;
  failUpdate?: number;
  failList?: number;
  /**
   * One-off answers, in order: the next request with this method gets this status (and body message
   * and headers) instead, once, e.g. a 502 or a secondary rate limit that a retry gets past.
   */
  transient: TransientFailure[];
  /** Answer GET /user with this status instead (e.g. 500), or with a primary rate limit. */
  failUser?: number | 'rate-limit';
  /** Append a comment as `user`; ids grow, as on GitHub. */
  addComment(
    issue: number,
    user: FakeUser,
    body: string,
    where?: { owner: string; repo: string },
  ): FakeComment;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const INTEGRATION = 'Resource not accessible by integration';

export async function startFakeGithub(
  options: { token?: string; actor?: FakeUser } = {},
): Promise<FakeGithub> {
  let base = '';
  let nextId = 2_000_000_001;
  const repositoryIds = new Map<string, number>();
  const repositoryId = (owner: string, repo: string): number => {
    const key = `${owner}/${repo}`.toLowerCase();
    if (!repositoryIds.has(key)) repositoryIds.set(key, 771_234_567 + repositoryIds.size);
    return repositoryIds.get(key) as number;
  };

  const fake: Omit<FakeGithub, 'url' | 'close'> = {
    token: options.token ?? 'ghs_faketoken0123456789',
    actor: options.actor ?? USERS.actionsBot,
    comments: [],
    pulls: [],
    requests: [],
    transient: [],
    addComment(issue, user, body, where = { owner: 'octo-org', repo: 'vm-templates' }) {
      const comment: FakeComment = { id: nextId++, ...where, issue, body, user };
      fake.comments.push(comment);
      return comment;
    },
  };

  const render = (comment: FakeComment): Record<string, unknown> => {
    const slug = `${comment.owner}/${comment.repo}`;
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${base}/repos/${slug}/issues/comments/${comment.id}`,
      html_url: `https://github.com/${slug}/pull/${comment.issue}#issuecomment-${comment.id}`,
      issue_url: `${base}/repos/${slug}/issues/${comment.issue}`,
      body: comment.body,
      user: { ...comment.user },
      author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:00:00Z',
    };
  };

  const renderPull = (p: FakePull): Record<string, unknown> => ({
    number: p.number,
    state: p.state,
    head: { label: `${p.head.owner}:${p.head.ref}`, ref: p.head.ref, sha: p.head.sha },
    base: { label: `${p.owner}:main`, ref: 'main', repo: { id: repositoryId(p.owner, p.repo) } },
  });

  const listComments = (
    response: ServerResponse,
    url: URL,
    owner: string,
    repo: string,
    issue: number,
  ): void => {
    if (fake.failList !== undefined) return refuse(response, fake.failList, 'list-issue-comments');
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const all = fake.comments.filter((c) => c.owner === owner && c.repo === repo && c.issue === issue);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number): string =>
      `${base}/repositories/${repositoryId(owner, repo)}/issues/${issue}/comments?per_page=${perPage}&page=${p}`;
    const rels: string[] = [];
    if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`);
    if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    if (page > 1) rels.push(`<${link(1)}>; rel="first"`);
    const items = all.slice((page - 1) * perPage, page * perPage).map(render);
    send(response, 200, items, rels.length ? { Link: rels.join(', ') } : {});
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', base);
    const raw = await readBody(request);
    const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : undefined;
    const method = request.method ?? '';
    const header = request.headers.authorization ?? '';
    const scheme = /^(token|bearer) (.+)$/i.exec(header);
    const auth: RecordedRequest['auth'] = !header
      ? 'missing'
      : scheme && scheme[2] === fake.token
        ? (scheme[1]?.toLowerCase() as 'token' | 'bearer')
        : 'wrong';
    fake.requests.push({ method, path: url.pathname + url.search, auth, ...(body ? { body } : {}) });
    if (auth === 'missing' || auth === 'wrong') {
      return send(response, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }
    const transient = fake.transient.findIndex((failure) => failure.method === method);
    if (transient >= 0) {
      const [failure] = fake.transient.splice(transient, 1) as [TransientFailure];
      const message = failure.message ?? 'Server Error';
      return send(response, failure.status, { message, status: String(failure.status) }, failure.headers);
    }

    if (url.pathname === '/user' && method === 'GET') {
      if (fake.failUser === 'rate-limit') {
        return send(
          response,
          403,
          { message: 'API rate limit exceeded for user ID 583231.', documentation_url: DOCS, status: '403' },
          { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' },
        );
      }
      if (fake.failUser !== undefined) return refuse(response, fake.failUser, 'get-the-authenticated-user');
      if (fake.actor.type === 'Bot') {
        return send(response, 403, {
          message: INTEGRATION,
          documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          status: '403',
        });
      }
      return send(response, 200, { ...fake.actor, name: null, site_admin: false });
    }

    let match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (match && method === 'GET') {
      return listComments(response, url, match[1] as string, match[2] as string, Number(match[3]));
    }
    match = /^\/repositories\/(\d+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (match && method === 'GET') {
      const id = Number(match[1]);
      const slug = [...repositoryIds].find(([, value]) => value === id)?.[0];
      if (!slug) return refuse(response, 404, 'list-issue-comments');
      const [owner, repo] = slug.split('/') as [string, string];
      return listComments(response, url, owner, repo, Number(match[2]));
    }
    match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (match && method === 'POST') {
      if (fake.failCreate !== undefined) return refuse(response, fake.failCreate, 'create-an-issue-comment');
      if (typeof body?.['body'] !== 'string' || !body['body']) return invalid(response);
      const where = { owner: match[1] as string, repo: match[2] as string };
      const comment = fake.addComment(Number(match[3]), fake.actor, body['body'], where);
      return send(response, 201, render(comment), {
        Location: `${base}/repos/${where.owner}/${where.repo}/issues/comments/${comment.id}`,
      });
    }
    match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (match && method === 'PATCH') {
      if (fake.failUpdate !== undefined) return refuse(response, fake.failUpdate, 'update-an-issue-comment');
      const comment = fake.comments.find(
        (c) => c.id === Number(match?.[3]) && c.owner === match?.[1] && c.repo === match?.[2],
      );
      if (!comment) return refuse(response, 404, 'update-an-issue-comment');
      if (typeof body?.['body'] !== 'string' || !body['body']) return invalid(response);
      comment.body = body['body'];
      return send(response, 200, render(comment));
    }
    match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(url.pathname);
    if (match && method === 'GET') {
      const pull = fake.pulls.find(
        (p) => p.owner === match?.[1] && p.repo === match?.[2] && p.number === Number(match?.[3]),
      );
      if (!pull) return send(response, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      return send(response, 200, renderPull(pull));
    }
    match = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    if (match && method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const pulls = fake.pulls.filter(
        (p) =>
          p.owner === match?.[1] &&
          p.repo === match?.[2] &&
          (state === 'all' || p.state === state) &&
          (!head || `${p.head.owner}:${p.head.ref}` === head),
      );
      return send(response, 200, pulls.map(renderPull));
    }
    send(response, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // undici keeps connections alive; do not wait for them to idle out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

/** GitHub's bodies for refusals: 403 as a read-only token gets, 404 as a token without access gets. */
function refuse(response: ServerResponse, status: number, anchor: string): void {
  const message =
    status === 403
      ? INTEGRATION
      : status === 404
        ? 'Not Found'
        : status === 401
          ? 'Bad credentials'
          : 'Server Error';
  send(response, status, {
    message,
    documentation_url: `https://docs.github.com/rest/issues/comments#${anchor}`,
    status: String(status),
  });
}

function invalid(response: ServerResponse): void {
  send(response, 422, {
    message: 'Invalid request.\n\n"body" wasn\'t supplied.',
    documentation_url: DOCS,
    status: '422',
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

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

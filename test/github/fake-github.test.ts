// The fake must answer like GitHub, or the tests above prove nothing.
import { startFakeGithub, USERS, type FakeGithub } from './fake-github.js';

let fake: FakeGithub;
afterEach(() => fake.close());

const get = (path: string, authorization?: string) =>
  fetch(`${fake.url}${path}`, { headers: authorization ? { authorization } : {} });

it('accepts `token T` and `Bearer T`, and answers 401 Bad credentials otherwise', async () => {
  fake = await startFakeGithub({ actor: USERS.octocat, token: 'ghp_abcdef' });
  expect((await get('/user', 'token ghp_abcdef')).status).toBe(200);
  expect(await (await get('/user', 'Bearer ghp_abcdef')).json()).toMatchObject({
    login: 'octocat',
    type: 'User',
  });
  const wrong = await get('/user', 'token nope');
  expect(wrong.status).toBe(401);
  expect(await wrong.json()).toMatchObject({ message: 'Bad credentials' });
  expect((await get('/user')).status).toBe(401);
  expect(fake.requests.map((r) => r.auth)).toEqual(['token', 'bearer', 'wrong', 'missing']);
});

it('refuses GET /user to an integration token with GitHub’s body', async () => {
  fake = await startFakeGithub();
  const response = await get('/user', `token ${fake.token}`);
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
    status: '403',
  });
});

it('pages with Link headers and honours page and per_page', async () => {
  fake = await startFakeGithub();
  for (let i = 0; i < 5; i++) fake.addComment(1, USERS.octocat, `c${i}`);
  const first = await get('/repos/octo-org/vm-templates/issues/1/comments?per_page=2', `token ${fake.token}`);
  const link = first.headers.get('link') ?? '';
  expect(link).toMatch(/<[^>]+\/repositories\/\d+\/issues\/1\/comments\?per_page=2&page=2>; rel="next"/);
  expect(link).toMatch(/page=3>; rel="last"/);
  const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? '';
  const second = await fetch(next, { headers: { authorization: `token ${fake.token}` } });
  expect(((await second.json()) as { body: string }[]).map((c) => c.body)).toEqual(['c2', 'c3']);
  expect(second.headers.get('link')).toMatch(/rel="prev".*rel="next".*rel="last".*rel="first"/);
  const single = await get('/repos/octo-org/vm-templates/issues/1/comments', `token ${fake.token}`);
  expect(single.headers.get('link')).toBeNull();
});

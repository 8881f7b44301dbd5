// CSRF and sessions: a post without the session's CSRF token, or with a wrong one, is refused
// with 403 and changes nothing; signing out ends the session on the server, so its cookie
// replayed elsewhere opens nothing; a session left idle past the limit ends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { App, serveOptions } from './harness.mjs';

const sessionCookie = 'equilens_session';

// The number of entries in an initiative's timeline, as the API reports it.
async function historyLength(app, context, id) {
  const history = await app.api(context, 'GET', `/api/initiatives/${id}/history`);
  assert.equal(history.status, 200, history.text);
  return (Array.isArray(history.json) ? history.json : history.json.entries ?? history.json.events)
    .length;
}

describe('CSRF: a post without the right token changes nothing', () => {
  let app;
  let dana;
  let id;

  before(async () => {
    app = await App.start('csrf');
    id = app.demoIds()['Later start for high schools'];
    dana = await app.signIn('dana');
  });
  after(async () => app?.finish());

  for (const [name, tamper] of [
    ['no token', (form) => form.querySelector('input[name="csrf"]').remove()],
    ['a wrong token', (form) => { form.querySelector('input[name="csrf"]').value = 'f'.repeat(64); }],
  ]) {
    it(`refuses a page form post with ${name} (403) and records nothing`, async () => {
      const { page, context } = dana;
      const before = await historyLength(app, context, id);
      await page.goto(`/initiatives/${id}`);
      const form = page.locator(`form[action$="/initiatives/${id}/comments"]`);
      await form.getByRole('textbox').first().fill(`a comment sent with ${name}`);
      await form.evaluate(tamper);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        form.getByRole('button').first().click(),
      ]);
      assert.equal(response.status(), 403, `POST ${response.url()} with ${name}`);
      await page.waitForLoadState('load');
      await app.visit(page, `refused-${name.replace(/\W+/g, '-')}`);
      assert.equal(await historyLength(app, context, id), before, 'the timeline grew');
      await page.goto(`/initiatives/${id}`);
      assert.ok(!(await page.content()).includes(`a comment sent with ${name}`));
    });

    it(`refuses an API write with ${name} (403 JSON) and records nothing`, async () => {
      const { context } = dana;
      const before = await historyLength(app, context, id);
      const csrf = name === 'no token' ? undefined : 'f'.repeat(64);
      const refused = await app.api(context, 'POST', `/api/initiatives/${id}/comments`,
        { data: { text: 'sent without the right token' }, csrf });
      assert.equal(refused.status, 403, refused.text);
      assert.equal(refused.json?.error?.category, 'forbidden', refused.text);
      assert.equal(await historyLength(app, context, id), before, 'the timeline grew');
    });
  }

  it('takes the same API write with the right token (the refusals were the token)', async () => {
    const { context } = dana;
    const before = await historyLength(app, context, id);
    const csrf = await app.csrfOf(context);
    const done = await app.api(context, 'POST', `/api/initiatives/${id}/comments`,
      { data: { text: 'sent with the right token' }, csrf });
    assert.equal(done.status, 201, done.text);
    assert.equal(await historyLength(app, context, id), before + 1);
  });
});

describe('sessions end on the server', () => {
  let app;

  before(async () => { app = await App.start('session'); });
  after(async () => app?.finish());

  it('signing out invalidates the cookie server-side', async () => {
    const { context, page } = await app.signIn('rey');
    const cookie = (await context.cookies()).find((c) => c.name === sessionCookie);
    assert.ok(cookie, 'a session cookie after sign-in');
    assert.ok(cookie.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(cookie.sameSite, 'Strict');

    await page.goto('/inbox');
    await page.getByRole('button', { name: /sign out/i }).click();
    await page.waitForURL(/\/signin/);
    await app.visit(page, 'signed-out');

    // The old value, replayed in a browser that never signed out.
    const replay = await app.newContext();
    await replay.addCookies([{ ...cookie }]);
    const replayed = await replay.newPage();
    await replayed.goto('/inbox');
    assert.match(new URL(replayed.url()).pathname, /^\/signin/, 'the old cookie opened /inbox');
    const me = await app.api(replay, 'GET', '/api/session');
    assert.equal(me.status, 401, me.text);
    assert.ok(me.json?.error, me.text);
  });

  it('a session unused past the idle limit ends', async (t) => {
    if (!/--idle-minutes/.test(serveOptions())) {
      t.skip('equilens serve has no --idle-minutes option to shorten the idle limit');
      return;
    }
    const short = await App.start('idle', { serveArgs: ['--idle-minutes', '1'] });
    try {
      const { context, page } = await short.signIn('rey');
      assert.equal((await short.api(context, 'GET', '/api/session')).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 65_000));
      await page.goto('/inbox');
      assert.match(new URL(page.url()).pathname, /^\/signin/, 'the idle session opened /inbox');
      assert.equal((await short.api(context, 'GET', '/api/session')).status, 401);
    } finally {
      await short.finish();
    }
  });
});

// A department head never sees another department's initiative: not listed in their inbox
// or queue, and reaching it by URL (page or API) answers exactly as an id that does not exist.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { App } from './harness.mjs';

// The demo's transportation initiatives (Dana's department) that Nora (nutrition) must not see.
const transportation = ['Consolidate bus routes 14 and 22', 'Later start for high schools',
  'Electronic bus passes for middle schools'];
const nutrition = 'Breakfast in the classroom at six elementary schools';

describe('a department head of another department cannot see it', () => {
  let app;
  let nora;
  let hidden;   // a transportation initiative's id
  let madeUp;   // an id of the same shape that names nothing

  before(async () => {
    app = await App.start('segregation');
    const ids = app.demoIds();
    hidden = ids['Later start for high schools'];
    madeUp = hidden.replace(/\d+$/, '9999');
    nora = await app.signIn('nora', { check: true });
  });
  after(async () => app?.finish());

  it('lists none of them in the inbox or the queue', async () => {
    const { page } = nora;
    await page.goto('/inbox');
    await app.visit(page, 'inbox');
    const inbox = await page.locator('main').innerText();
    for (const title of transportation) assert.ok(!inbox.includes(title), `inbox shows ${title}`);

    await page.goto('/queue');
    await app.visit(page, 'queue');
    const queue = await page.locator('main').innerText();
    assert.ok(queue.includes(nutrition), `the queue lists her own department's "${nutrition}"`);
    for (const title of transportation) assert.ok(!queue.includes(title), `queue shows ${title}`);
    for (const title of transportation) {
      assert.ok(!queue.includes(app.demoIds()[title]), `queue shows ${app.demoIds()[title]}`);
    }
    // Nor when she asks for them by department, title or id.
    for (const query of ['department=transportation', 'text=Later+start', `text=${hidden}`]) {
      await page.goto(`/queue?${query}`);
      const found = await page.locator('main').innerText();
      for (const title of transportation) assert.ok(!found.includes(title), `/queue?${query}: ${title}`);
    }
    await app.visit(page, 'queue-transportation');
    const listed = await app.api(nora.context, 'GET', '/api/initiatives?department=transportation');
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.json, [], listed.text);
  });

  it('answers its URL with the same 404 page as a made-up id', async () => {
    const { page } = nora;
    const real = await page.goto(`/initiatives/${hidden}`);
    await app.visit(page, 'hidden-initiative');
    const realText = (await page.locator('body').innerText()).replaceAll(hidden, 'ID');
    assert.equal(real.status(), 404);

    const fake = await page.goto(`/initiatives/${madeUp}`);
    await app.visit(page, 'made-up-initiative');
    const fakeText = (await page.locator('body').innerText()).replaceAll(madeUp, 'ID');
    assert.equal(fake.status(), 404);
    assert.equal(realText, fakeText, 'the two 404 pages differ');
    assert.ok(!realText.includes('Later start'), 'the 404 page names the hidden initiative');
  });

  it('answers the API with the same 404 JSON for both', async () => {
    for (const suffix of ['', '/history', '/feedback', '/statement']) {
      const real = await app.api(nora.context, 'GET', `/api/initiatives/${hidden}${suffix}`);
      const fake = await app.api(nora.context, 'GET', `/api/initiatives/${madeUp}${suffix}`);
      assert.equal(real.status, 404, `GET ${hidden}${suffix}: ${real.text}`);
      assert.equal(fake.status, 404, `GET ${madeUp}${suffix}: ${fake.text}`);
      assert.ok(real.json?.error?.category, `error JSON: ${real.text}`);
      assert.equal(real.text.replaceAll(hidden, 'ID'), fake.text.replaceAll(madeUp, 'ID'));
    }
    // A write is refused the same way, and changes nothing.
    const csrf = await app.csrfOf(nora.context);
    const real = await app.api(nora.context, 'POST', `/api/initiatives/${hidden}/comments`,
      { data: { text: 'peek' }, csrf });
    const fake = await app.api(nora.context, 'POST', `/api/initiatives/${madeUp}/comments`,
      { data: { text: 'peek' }, csrf });
    assert.equal(real.status, 404, real.text);
    assert.equal(real.text.replaceAll(hidden, 'ID'), fake.text.replaceAll(madeUp, 'ID'));
  });
});

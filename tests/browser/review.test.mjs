// A whole review through the pages by four people, each in a browser context of their own:
// Dana (department head) files, assesses, answers feedback and plans mitigation; Rey
// (reviewer) accepts at intake; Sam (reviewer) gives feedback, asks for changes, accepts; Lee
// (equity lead) signs off. The timeline then shows every step and the statement opens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { App, fillByName, initiativeId, pageErrors, post } from './harness.mjs';

const title = 'Bike racks and a walking school bus at Eastside Middle';

// The assessment, by field name: a choice (decision_type, risk_level, ...), a multi-choice
// (student_groups, report_back_audience), a boolean, and one record in each records field.
const assessment = {
  proposal_title: title,
  decision_type: 'program',
  summary: 'Covered bike racks and two adult-led walking routes from the Maple St. apartments.',
  problem: 'Chronic absence at Eastside is highest for students who live within the no-bus zone.',
  desired_results: 'Fewer late arrivals and absences for students who walk or bike.',
  result_measures: 'Tardies and absences by group, each semester.',
  decision_date: '2027-02-01',
  student_groups: ['hispanic_latino', 'english_learners', 'economically_disadvantaged'],
  schools: 'Eastside Middle School',
  students_affected: '220',
  outcome_data: '2025-26 attendance: 21% chronic absence for walkers vs 12% for bus riders.',
  disparities: 'English learners who walk are absent twice as often as other walkers.',
  root_causes: 'No bus service within 1.5 miles, and two busy crossings on Maple St.',
  addresses_root_causes: 'partly',
  root_cause_explanation: 'It makes walking safer but does not add a bus.',
  'engagement.1.who': 'Parents at the Maple St. apartments',
  'engagement.1.method': 'focus_group',
  'engagement.1.date': '2026-10-14',
  'engagement.1.what_they_said': 'The crossings scare them; most would walk with an adult.',
  missing_voices: 'Families who work early shifts; we will call them.',
  'benefits_burdens.1.group': 'english_learners',
  'benefits_burdens.1.effect': 'benefit',
  'benefits_burdens.1.why': 'A safe, supervised way to school.',
  adverse_impacts: 'Walking routes could miss students who live past the last stop.',
  disparity_effect: 'possibly',
  risk_level: 'medium',
  risk_explanation: 'Some students may not be reached by the two routes.',
  alternatives_considered: 'A shuttle bus (no driver available this year).',
  funded: 'true',
  staffed: 'true',
  enforceable: 'true',
  implementation_plan: 'Racks in January; routes from February with parent volunteers.',
  communication_plan: 'Flyers and texts in English and Spanish; a table at the spring fair.',
  success_indicators: 'Chronic absence for walkers down 5 points by June, by group.',
  evaluation_date: '2027-06-15',
  report_back_audience: ['cesj', 'families'],
  decision_outcome: 'adjust',
  decision_justification: 'Go ahead, with a third route if the first semester shows a gap.',
};

describe('a full review through the pages by four users', () => {
  let app;
  let dana;
  let rey;
  let sam;
  let lee;
  let id;

  // Opens the initiative in `who`'s page and screenshots/checks it as `name`.
  async function open(who, name) {
    const response = await who.page.goto(`/initiatives/${id}`);
    assert.equal(response.status(), 200, `GET /initiatives/${id}`);
    await app.visit(who.page, name);
    return who.page;
  }

  // Fires `event` from the initiative page's action form, with a note when given; the page
  // that follows must report no error.
  async function act(who, label, note, shot) {
    const page = who.page;
    const form = page.locator('form[action$="/act"]');
    if (note) await form.getByLabel(/note/i).fill(note);
    const button = form.getByRole('button', { name: label, exact: true });
    if (await button.isDisabled()) {
      const why = await page.locator(`#${await button.getAttribute('aria-describedby')}`).innerText();
      assert.fail(`the "${label}" button is disabled (${why})${note ? ', though a note was typed' : ''}`);
    }
    const response = await post(page, button);
    assert.equal(response.status(), 200, `${label}: ${await pageErrors(page)}`);
    assert.equal(await pageErrors(page), '', `${label} was refused`);
    await app.visit(page, shot);
  }

  async function stage(who) {
    const view = await app.api(who.context, 'GET', `/api/initiatives/${id}`);
    assert.equal(view.status, 200, view.text);
    return view.json.stage;
  }

  before(async () => {
    app = await App.start('review');
    dana = await app.signIn('dana', { check: true });
    rey = await app.signIn('rey');
    sam = await app.signIn('sam');
    lee = await app.signIn('lee');
  });
  after(async () => app?.finish());

  it('the department head files an initiative on /initiatives/new and submits it', async () => {
    const { page } = dana;
    await page.goto('/initiatives/new');
    await app.visit(page, 'new');
    await page.getByLabel(/title/i).first().fill(title);
    await page.getByLabel(/summary/i).first().fill('Safer ways to walk and bike to Eastside Middle.');
    const workflow = page.getByLabel(/Equity Impact Review/);
    if (await workflow.count()) await workflow.first().check();
    const response = await post(page, page.locator('main form').getByRole('button', { name: /^file/i }));
    assert.equal(response.status(), 200, await pageErrors(page));
    id = initiativeId(page.url());
    assert.ok(id, `filing leads to the initiative's page (${page.url()})`);
    await app.visit(page, 'draft');
    await act(dana, 'Submit', null, 'intake');
    assert.equal(await stage(dana), 'intake');
  });

  it('the reviewer finds it in the inbox and accepts it at intake', async () => {
    const { page } = rey;
    await page.goto('/inbox');
    await app.visit(page, 'reviewer-inbox');
    await post(page, page.getByRole('row').filter({ hasText: title }).getByRole('link'));
    assert.equal(initiativeId(page.url()), id);
    await app.visit(page, 'reviewer-intake');
    await act(rey, 'Accept', 'In scope: a new program for students.', 'accepted');
    assert.equal(await stage(rey), 'assessment');
  });

  it('the department head fills the assessment, sees a bad value refused inline, fixes it', async () => {
    const page = await open(dana, 'assessment-empty');
    const form = page.locator('form[action$="/form"]');
    await fillByName(form, assessment);
    // A number below the form's minimum: the server refuses it beside the field. (The
    // browser's own check is lifted so that the server's message is what is tested.)
    await form.evaluate((f) => { f.noValidate = true; });
    await fillByName(form, { students_affected: '-5' });
    let response = await post(page, form.getByRole('button', { name: /save/i }));
    assert.notEqual(response.status(), 200, 'a negative student count was accepted');
    await app.visit(page, 'assessment-invalid');
    const field = page.locator('[name="students_affected"]');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const message = await page.locator(describedBy.split(/\s+/).map((i) => `#${i}`).join(', '))
      .allInnerTexts();
    assert.match(message.join(' '), /0|minimum|least|negative/i, `the message: ${message}`);
    assert.match(await pageErrors(page), /about how many students/i, 'the summary names the field');
    // Everything else typed is still there.
    assert.equal(await page.locator('[name="schools"]').inputValue(), assessment.schools);

    await fillByName(page.locator('form[action$="/form"]'), { students_affected: '220' });
    response = await post(page, page.locator('form[action$="/form"]').getByRole('button', { name: /save/i }));
    assert.equal(response.status(), 200, await pageErrors(page));
    assert.equal(await pageErrors(page), '');
    await app.visit(page, 'assessment-saved');
    await act(dana, 'Submit', null, 'assessment-submitted');
    assert.equal(await stage(dana), 'feedback');
  });

  it('another reviewer gives feedback and requests changes', async () => {
    const page = await open(sam, 'feedback');
    const feedback = page.locator(`form[action$="/initiatives/${id}/feedback"]`);
    // Feedback points at an assessment section where the page offers them (see the report:
    // at the feedback stage it offers only "general").
    const sections = await feedback.locator('[name="section"] option').evaluateAll(
      (options) => options.map((o) => o.value));
    const section = sections.includes('engagement') ? 'engagement' : 'general';
    await fillByName(feedback, { kind: 'concern', section });
    await feedback.getByRole('textbox').fill('Ask the early-shift families directly, in Spanish.');
    const response = await post(page, feedback.getByRole('button'));
    assert.equal(response.status(), 200, await pageErrors(page));
    await app.visit(page, 'feedback-given');
    await act(sam, 'Request changes', 'Please answer the feedback on engagement.', 'changes-requested');
    assert.equal(await stage(sam), 'assessment');
  });

  it('the department head answers the feedback and resubmits', async () => {
    const page = await open(dana, 'feedback-to-answer');
    const answer = page.locator('form[action*="/feedback/1/answer"]');
    await fillByName(answer, { disposition: 'incorporated' });
    await answer.getByRole('textbox').fill('Two calls per family, with an interpreter (section 5).');
    const response = await post(page, answer.getByRole('button'));
    assert.equal(response.status(), 200, await pageErrors(page));
    await app.visit(page, 'feedback-answered');
    await act(dana, 'Submit', null, 'resubmitted');
    assert.equal(await stage(dana), 'feedback');
  });

  it('the reviewer accepts; the medium risk asks for a mitigation plan', async () => {
    await open(sam, 'second-review');
    await act(sam, 'Accept', null, 'accepted-after-feedback');
    assert.equal(await stage(sam), 'mitigation');

    const page = await open(dana, 'mitigation');
    const form = page.locator('form[action$="/form"]');
    await fillByName(form, {
      'actions.1.risk': 'Students past the last stop are not reached.',
      'actions.1.groups': ['economically_disadvantaged', 'english_learners'],
      'actions.1.action': 'A third route if more than ten students live past the last stop.',
      'actions.1.owner': 'Eastside assistant principal',
      'actions.1.due': '2027-03-01',
      'actions.1.success_measure': 'Every student past the last stop has a supervised route.',
      early_warning: 'Attendance for walkers reviewed monthly, by group.',
      if_harm_continues: 'Ask the board for a shuttle in next year\'s budget.',
    });
    const response = await post(page, form.getByRole('button', { name: /save/i }));
    assert.equal(response.status(), 200, await pageErrors(page));
    await act(dana, 'Submit', null, 'mitigation-submitted');
    assert.equal(await stage(dana), 'signoff');
  });

  it('the equity lead fills the sign-off and approves', async () => {
    const page = await open(lee, 'signoff');
    const form = page.locator('form[action$="/form"]');
    await fillByName(form, {
      outcome: 'adjust',
      rationale: 'The routes answer the data; the third route covers the gap found.',
    });
    const response = await post(page, form.getByRole('button', { name: /save/i }));
    assert.equal(response.status(), 200, await pageErrors(page));
    await act(lee, 'Approve', null, 'approved');
    // Sign-off approves and starts monitoring at once: the department now owes a report-back.
    const view = await app.api(lee.context, 'GET', `/api/initiatives/${id}`);
    assert.equal(view.json.lifecycle, 'monitoring', view.text);
    assert.equal(view.json.stage, 'report_back');
  });

  it('the timeline shows every step and the statement opens', async () => {
    const page = await open(lee, 'final');
    const timeline = await page.getByRole('region', { name: 'Timeline' }).innerText();
    // Every step, in order, each by the person who took it.
    const steps = [
      ['dana', `filed "${title}"`],
      ['dana', 'submitted for review; entered intake'],
      ['rey', 'accept: intake -> assessment'],
      ['dana', 'saved answers to equity-impact-assessment (complete)'],
      ['dana', 'submit: assessment -> feedback'],
      ['sam', 'feedback item 1 (concern on'],
      ['sam', 'request_changes: feedback -> assessment'],
      ['dana', 'answered feedback item 1: incorporated'],
      ['dana', 'submit: assessment -> feedback'],
      ['sam', 'accept: feedback -> mitigation'],
      ['dana', 'saved answers to mitigation-plan (complete)'],
      ['dana', 'submit: mitigation -> signoff'],
      ['lee', 'saved answers to sign-off (complete)'],
      ['lee', 'approve: signoff -> approved'],
    ];
    const lines = timeline.split('\n').map((line) => line.trim()).filter(Boolean);
    let at = 0;
    for (const [who, what] of steps) {
      const found = lines.findIndex((line, i) => i >= at && line.includes(what) &&
        new RegExp(`\\b${who}\\b`).test(line));
      assert.ok(found >= 0, `the timeline lacks "${who}: ${what}" after line ${at}:\n${lines.join('\n')}`);
      at = found + 1;
    }
    // The refused save (the negative count) recorded nothing.
    assert.equal(lines.filter((l) => l.includes('saved answers to equity-impact-assessment')).length, 1);

    const response = await post(page, page.getByRole('link', { name: /equity impact statement/i }));
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /text\/html/);
    assert.ok((await page.content()).includes(title), 'the statement names the initiative');
    await app.screenshot(page, 'statement');
  });
});

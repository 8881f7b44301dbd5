// equilens pages: light progressive enhancement. Every page works without this file; it only
// (1) moves focus to the error summary so a screen reader hears what went wrong, and
// (2) lets a records field add more blank rows than the one the server renders.
'use strict';

(function () {
  function focusErrorSummary() {
    var summary = document.getElementById('error-summary');
    if (summary) summary.focus();
  }

  // "actions.3.owner" -> "actions.4.owner"; "f-actions-3-owner" -> "f-actions-4-owner".
  function renumber(text, field, from, to) {
    return text
      .split(field + '.' + from + '.').join(field + '.' + to + '.')
      .split('f-' + field + '-' + from + '-').join('f-' + field + '-' + to + '-');
  }

  function enableAddRecord(fieldset) {
    var button = fieldset.querySelector('.add-record');
    var field = fieldset.getAttribute('data-records');
    if (!button || !field) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var records = fieldset.querySelectorAll('fieldset.record');
      if (records.length === 0) return;
      var last = records[records.length - 1];
      var from = Number(last.getAttribute('data-record'));
      var to = from + 1;
      var copy = last.cloneNode(true);
      copy.setAttribute('data-record', String(to));
      copy.querySelectorAll('[name], [id], [for], [aria-describedby]').forEach(function (el) {
        ['name', 'id', 'for', 'aria-describedby'].forEach(function (attr) {
          if (el.hasAttribute(attr)) el.setAttribute(attr, renumber(el.getAttribute(attr), field, from, to));
        });
      });
      copy.querySelectorAll('input, textarea, select').forEach(function (el) {
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
        else if (el.type !== 'hidden') el.value = '';
        el.removeAttribute('aria-invalid');
      });
      copy.querySelectorAll('.field-error').forEach(function (el) { el.remove(); });
      var legend = copy.querySelector('legend');
      if (legend) legend.textContent = legend.textContent.replace(/\d+(\D*)$/, to + ' (new)');
      last.parentNode.insertBefore(copy, button);
      var first = copy.querySelector('input:not([type="hidden"]), textarea, select');
      if (first) first.focus();
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusErrorSummary();
    document.querySelectorAll('fieldset.records').forEach(enableAddRecord);
  });
})();

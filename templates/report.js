// rolecheck report: filters, the who-can look-up, sortable rule list, evidence panel. Progressive enhancement only: without this
// script every cell is a link to its evidence article further down the page.
(function () {
  'use strict';
  var doc = document;
  doc.body.classList.remove('no-js');
  var $ = function (sel, root) { return (root || doc).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); };
  // A handler that runs at most once a frame, at the start of the next one: typing fast costs one pass per frame.
  function perFrame(fn) {
    var pending = 0;
    return function () { if (!pending) pending = requestAnimationFrame(function () { pending = 0; fn(); }); };
  }

  // ---- matrix filters ------------------------------------------------------------------------------
  var form = $('#filters');
  var fRole = $('#f-role'), fRes = $('#f-resource'), fStatus = $('#f-status'), fSearch = $('#f-search'), fCount = $('#f-count');
  if (form) form.hidden = false;
  var matrix = $('#matrix-table');
  function norm(s) { return (s || '').toLowerCase(); }

  function apply() {
    var role = fRole ? fRole.value : '', res = fRes ? fRes.value : '', status = fStatus ? fStatus.value : '';
    var q = norm(fSearch ? fSearch.value.trim() : '');
    var shown = 0, total = 0;
    if (matrix) {
      $$('thead th[data-resource]', matrix).forEach(function (th) { th.classList.toggle('hide', !!res && th.getAttribute('data-resource') !== res); });
      $$('tbody tr', matrix).forEach(function (tr) {
        var r = tr.getAttribute('data-role');
        var roleOk = !role || r === role;
        var any = false;
        $$('td.cell', tr).forEach(function (td) {
          var id = td.getAttribute('data-resource');
          var colHidden = !!res && id !== res;
          td.classList.toggle('hide', colHidden);
          // A cell of a hidden column matches nothing (its mark from an earlier filter must not stay).
          if (colHidden) { td.setAttribute('data-match', '0'); return; }
          total++;
          var text = norm(r + ' ' + td.textContent + ' ' + id + ' ' + td.getAttribute('data-rules') + ' ' + td.getAttribute('data-status'));
          var ok = roleOk && (!status || td.getAttribute('data-status') === status) && (!q || text.indexOf(q) >= 0);
          td.classList.toggle('dim', !ok);
          td.setAttribute('data-match', ok ? '1' : '0');
          if (ok) { any = true; shown++; }
        });
        tr.classList.toggle('hide', !roleOk || !any);
      });
    }
    $$('#priv-table tbody tr').forEach(function (tr) { tr.classList.toggle('hide', !!role && tr.getAttribute('data-role') !== role); });
    var ruleStatus = { pass: 'passed', fail: 'failed', 'not-tested': 'not-tested' }[status];
    $$('#rules-table tbody tr').forEach(function (tr) {
      var okStatus = !status || (status === 'conflict' ? !!tr.querySelector('.badge.warn') : tr.getAttribute('data-status') === ruleStatus);
      var ok = okStatus && (!q || norm(tr.textContent).indexOf(q) >= 0);
      tr.classList.toggle('hide', !ok);
    });
    if (fCount) fCount.value = shown + ' of ' + total + ' cells';
  }
  [fRole, fRes, fStatus].forEach(function (el) { if (el) el.addEventListener('change', apply); });
  if (fSearch) fSearch.addEventListener('input', perFrame(apply));
  var reset = $('#f-reset');
  if (reset) reset.addEventListener('click', function () { [fRole, fRes, fStatus, fSearch].forEach(function (el) { if (el) el.value = ''; }); apply(); });
  apply();

  // ---- the long lists: users, role privileges ------------------------------------------------------------
  // A long list is closed (<details>). Its rows become visible a batch a frame: the first LIST_FIRST in the next
  // frame, then LIST_BATCH a frame, so that opening a list of thousands of rows, or clearing its filter, never lays
  // them all out in one frame. (Without JavaScript the list opens whole, at once.) A row waiting for its batch is
  // `pending`; a row the filter hides is `hide`, whether pending or not.
  var LIST_FIRST = 200, LIST_BATCH = 250;
  function batchedRows() {
    var queue = [], scheduled = false;
    var drain = function () {
      scheduled = false;
      queue.splice(0, LIST_BATCH).forEach(function (tr) { tr.classList.remove('pending'); });
      if (queue.length) { scheduled = true; requestAnimationFrame(drain); }
    };
    return function (rows) {
      for (var i = 0; i < rows.length; i++) {
        var tr = rows[i];
        tr.classList.remove('hide');
        if (i < LIST_FIRST) tr.classList.remove('pending');
        else if (!tr.classList.contains('pending')) { tr.classList.add('pending'); queue.push(tr); }
      }
      // Two frames: the first batch after the frame that paints the first rows.
      if (queue.length && !scheduled) { scheduled = true; requestAnimationFrame(function () { requestAnimationFrame(drain); }); }
    };
  }
  // A filter first hides the rows that do not match, then opens the list, so that only the matching rows are laid
  // out; it closes the list again when the filter is cleared, unless the reader opened it. The rows' text is read
  // once, on the first use; a filter then only touches the rows whose state changes.
  function longList(o) {
    var tbody = $(o.table + ' tbody'), show = batchedRows();
    var rows = null, text = null, shown = null, autoOpened = false;
    var index = function () {
      if (rows) return;
      rows = Array.prototype.slice.call(tbody.rows);
      text = rows.map(function (tr) { return norm(o.textOf(tr)); });
      shown = rows.map(function (tr) { return !tr.classList.contains('hide'); });
    };
    o.form.hidden = false;
    o.count.value = o.counted(tbody.rows.length, tbody.rows.length);
    o.details.addEventListener('toggle', function () { if (!o.details.open) autoOpened = false; });
    $('summary', o.details).addEventListener('click', function (ev) {
      if (o.details.open || tbody.rows.length <= LIST_FIRST) return;
      ev.preventDefault();
      index();
      show(rows.filter(function (tr, i) { return shown[i]; }));
      o.details.open = true;
    });
    var apply = function () {
      index();
      var q = norm(o.search.value.trim()), extra = o.extra ? o.extra() : null, n = 0, more = [];
      for (var i = 0; i < rows.length; i++) {
        var ok = (!extra || extra(rows[i])) && (!q || text[i].indexOf(q) >= 0);
        if (ok !== shown[i]) { if (ok) more.push(rows[i]); else rows[i].classList.add('hide'); shown[i] = ok; }
        if (ok) n++;
      }
      show(more);
      o.count.value = o.counted(n, rows.length);
      var filtering = !!q || !!extra;
      if (filtering && !o.details.open) { o.details.open = true; autoOpened = true; }
      if (!filtering && autoOpened) { o.details.open = false; autoOpened = false; }
    };
    o.search.addEventListener('input', perFrame(apply));
    return apply;
  }
  var usersForm = $('#users-form');
  if (usersForm) {
    longList({
      form: usersForm, search: $('#users-search'), count: $('#users-count'), details: $('#users-details'), table: '#users-table',
      textOf: function (tr) { return tr.textContent; },
      counted: function (n, all) { return n === all ? all + ' users' : n + ' of ' + all + ' users'; },
    });
  }
  var rpForm = $('#rp-form'), rpCustom = $('#rp-custom');
  if (rpForm) {
    var rpApply = longList({
      form: rpForm, search: $('#rp-search'), count: $('#rp-count'), details: $('#rp-details'), table: '#role-privileges-table',
      textOf: function (tr) { return tr.getAttribute('data-role') + ' ' + tr.getAttribute('data-table'); },
      extra: function () { return rpCustom.checked ? function (tr) { return tr.getAttribute('data-custom') === 'yes'; } : null; },
      counted: function (n, all) { return n + ' of ' + all + ' rows'; },
    });
    rpCustom.addEventListener('change', rpApply);
  }

  // ---- who can: the reverse look-up ---------------------------------------------------------------------
  // The holders are data (the JSON block), never hidden rows: parsed once, and a look-up touches only the holders of
  // the chosen table and privilege. Their rows are made in batches: the first at once, the others one batch a frame,
  // so the answer is painted in the next frame however many users hold the privilege.
  var wcData = $('#who-can-data');
  var wcForm = $('#who-can-form');
  if (wcData && wcForm) {
    var data = JSON.parse(wcData.textContent || '{}');
    var wcTable = $('#wc-table'), wcPriv = $('#wc-privilege'), wcSearch = $('#wc-search'), wcSummary = $('#wc-summary');
    var wcWrap = $('#wc-result-wrap'), wcBody = $('#wc-result tbody');
    var DEPTH_WORD = { 1: 'user', 2: 'business unit', 3: 'parent: child business units', 4: 'organization' };
    var FIRST_ROWS = 100, BATCH_ROWS = 500;
    // Per table and privilege, on its first look-up: each holder's row and the lower-case text a search reads.
    var made = new Map();
    var rowsOf = function (k) {
      var m = made.get(k);
      if (m) return m;
      var rows = [], text = [];
      if (data.holders) {
        (data.holders[k] || []).forEach(function (h) {
          var name = data.users[h[0]], enabled = data.enabled[h[0]] === 1;
          var via = h[2].map(function (i) { return data.paths[i]; }).join('; ');
          rows.push([name, enabled ? 'enabled' : 'disabled', DEPTH_WORD[h[1]] || '', via, enabled]);
          text.push(norm(name + ' ' + via));
        });
      } else if (data.grants) {
        (data.grants[k] || []).forEach(function (g) {
          rows.push(['(every holder of ' + g[0] + ')', '', DEPTH_WORD[g[1]] || '', g[0], true]);
          text.push(norm(g[0]));
        });
      }
      m = { rows: rows, text: text };
      made.set(k, m);
      return m;
    };
    wcForm.hidden = false; wcSummary.hidden = false;
    var cell = function (tr, text, cls) { var td = doc.createElement('td'); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); return td; };
    var rowsFragment = function (rows, from, to) {
      var frag = doc.createDocumentFragment();
      for (var i = from; i < to; i++) {
        var r = rows[i];
        var tr = doc.createElement('tr'); tr.setAttribute('data-user', r[0]);
        if (!r[4]) tr.className = 'disabled';
        cell(tr, r[0]); cell(tr, r[1], r[4] ? '' : 'flag'); cell(tr, r[2]); cell(tr, r[3], 'via');
        frag.appendChild(tr);
      }
      return frag;
    };
    var generation = 0;
    var lookup = function () {
      var k = wcTable.value + '|' + wcPriv.value, q = norm(wcSearch.value.trim());
      var counts = (data.counts || {})[k] || [0, 0, 0, 0, 0];
      var reach = counts[1] + counts[2] + counts[3] + counts[4];
      var all = rowsOf(k), rows = all.rows;
      if (q) rows = rows.filter(function (r, i) { return all.text[i].indexOf(q) >= 0; });
      var gen = ++generation;
      wcBody.replaceChildren(rowsFragment(rows, 0, Math.min(FIRST_ROWS, rows.length)));
      var next = function (from) {
        if (gen !== generation || from >= rows.length) return;
        requestAnimationFrame(function () {
          if (gen !== generation) return;
          var to = Math.min(from + BATCH_ROWS, rows.length);
          wcBody.appendChild(rowsFragment(rows, from, to));
          next(to);
        });
      };
      next(FIRST_ROWS);
      wcWrap.hidden = rows.length === 0;
      var what = wcPriv.value + ' on ' + wcTable.value;
      wcSummary.textContent = data.holders
        ? rows.length + ' holder' + (rows.length === 1 ? '' : 's') + ' of ' + what + (q ? ' matching "' + wcSearch.value.trim() + '"' : '') + ' (' + reach + ' enabled users reach it).'
        : reach + ' enabled users reach ' + what + '; the page lists the roles that grant it. Every holder by name is in ' + data.where + '.';
    };
    [wcTable, wcPriv].forEach(function (el) { el.addEventListener('change', lookup); });
    wcSearch.addEventListener('input', perFrame(lookup));
    lookup();
  }

  // ---- evidence panel ------------------------------------------------------------------------------
  var panel = $('#panel'), body = $('#panel-body'), title = $('#panel-title');
  var lastFocus = null, selected = null;
  function openPanel(id, opener) {
    var art = doc.getElementById(id);
    if (!art || !panel) return false;
    var copy = art.cloneNode(true);
    copy.removeAttribute('id');
    $$('[id]', copy).forEach(function (el) { el.removeAttribute('id'); });
    copy.removeAttribute('aria-labelledby');
    body.replaceChildren(copy);
    title.textContent = 'Evidence';
    panel.hidden = false;
    if (selected) selected.classList.remove('selected');
    selected = opener ? opener.closest('td') : null;
    if (selected) selected.classList.add('selected');
    lastFocus = opener || null;
    $('.close', panel).focus();
    return true;
  }
  function closePanel() {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    if (selected) selected.classList.remove('selected');
    if (lastFocus) lastFocus.focus();
  }
  doc.addEventListener('click', function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[data-cell]') : null;
    if (a && openPanel(a.getAttribute('data-cell'), a)) { ev.preventDefault(); return; }
    if (ev.target.closest && ev.target.closest('[data-close]')) { closePanel(); return; }
    var inPanel = ev.target.closest && ev.target.closest('#panel a[href^="#"]');
    if (inPanel) closePanel();
  });
  doc.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') closePanel(); });

  // ---- sortable rule list --------------------------------------------------------------------------
  $$('table.sortable').forEach(function (table) {
    $$('th[data-sort]', table).forEach(function (th) {
      th.tabIndex = 0;
      function sort() {
        var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        $$('th[aria-sort]', table).forEach(function (o) { o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var tbody = table.tBodies[0];
        var rows = Array.prototype.slice.call(tbody.rows);
        var num = th.getAttribute('data-sort') === 'num';
        rows.sort(function (a, b) {
          var x = a.cells[idx], y = b.cells[idx];
          var vx = num ? Number(x.getAttribute('data-value') || 0) : x.textContent.trim();
          var vy = num ? Number(y.getAttribute('data-value') || 0) : y.textContent.trim();
          return (vx < vy ? -1 : vx > vy ? 1 : 0) * dir;
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); sort(); } });
    });
  });

  // ---- print: open every collapsed section --------------------------------------------------------
  window.addEventListener('beforeprint', function () {
    $$('tr.pending').forEach(function (tr) { tr.classList.remove('pending'); });
    $$('details').forEach(function (d) { d.setAttribute('data-was-open', d.open ? '1' : '0'); d.open = true; });
  });
  window.addEventListener('afterprint', function () { $$('details[data-was-open]').forEach(function (d) { d.open = d.getAttribute('data-was-open') === '1'; d.removeAttribute('data-was-open'); }); });
})();

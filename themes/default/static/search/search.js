/* sitegen search page: lunr.js 2.3.9 over an index split into script files (see sitegen/search.py).
 *
 * A query is words and "quoted phrases"; every one must match (AND). Each is cut into tokens by
 * sitegenTokens (tokens.js, the same rule as the Python side). A token's bucket file is loaded
 * per chunk, newest chunk first, and results are shown as chunks answer, best first.
 * Everything from the index reaches the page through textContent: no HTML is built from data.
 */
(function () {
  "use strict";

  var PAGE = 10;
  var NAME_SHOWN = 24;  // characters of a column or region name shown in the filters
  var root = document.getElementById("search-app");
  if (!root) return;
  var base = root.getAttribute("data-index") || "";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-list");
  var more = document.getElementById("search-more");
  var columnSelect = document.getElementById("search-column");
  var regionSelect = document.getElementById("search-region");
  var fromInput = document.getElementById("search-from");
  var toInput = document.getElementById("search-to");
  var sortSelect = document.getElementById("search-sort");

  var FORMAT = 5;  // of the files under search/ (sitegen/search.py)
  var S = window.sitegenSearch = {};
  var loaded = {};   // path -> Promise of the value the script delivered
  var waiting = {};  // key -> resolve function
  var manifest = null;
  var run = 0;       // the current search; older ones stop rendering

  sitegenRegister(lunr);

  // The query's pure parts (query.js): parsing, buckets, matches and snippets.
  var Q = sitegenQuery;
  var bucketOf = Q.bucketOf, parse = Q.parse, normalize = Q.normalize, matches = Q.matches;
  var snippet = Q.snippet, words = Q.words;

  function deliver(key, value) {
    if (waiting[key]) { waiting[key].resolve(value); delete waiting[key]; }
  }
  function fail(key, error) {  // a file that loaded but could not be read: the search says so
    if (waiting[key]) { waiting[key].reject(error); delete waiting[key]; }
  }
  S.manifest = function (m) {
    if (m.format !== FORMAT) fail("manifest", new Error("搜索索引已更新，请刷新页面"));  // a cached old search.js
    else deliver("manifest", m);
  };
  S.shard = function (key, data) {  // key "c<id>/<bucket>"; documents are numbered from the chunk's first
    try {
      if (typeof window.sitegenShard !== "function") throw new Error("static/search/shard.js is not loaded");
      var id = parseInt(key.slice(1), 10);
      var first = manifest.chunks.filter(function (c) { return c.id === id; })[0].first;
      deliver("shard:" + key, lunr.Index.load(window.sitegenShard(data, function (n) { return (first + n).toString(16); })));
    } catch (err) {
      fail("shard:" + key, err);
    }
  };
  S.meta = function (id, m) { deliver("meta:" + id, m); };
  S.docs = function (n, rows) { deliver("docs:" + n, rows); };

  function load(key, path) {
    if (!loaded[path]) {
      loaded[path] = new Promise(function (resolve, reject) {
        waiting[key] = { resolve: resolve, reject: reject };
        var tag = document.createElement("script");
        tag.src = base + path;
        tag.async = true;
        tag.onerror = function () { reject(new Error("cannot load " + path)); };
        document.head.appendChild(tag);
      });
    }
    return loaded[path];
  }

  function getManifest() {
    return manifest ? Promise.resolve(manifest) : load("manifest", "manifest.js").then(function (m) {
      manifest = m;
      fillFilters(m);
      return m;
    });
  }

  // Matches of one token in one chunk: {docNumber: score}. Latin tokens match as prefixes (pinyin).
  function termMatches(chunk, token) {
    var name = bucketOf(token, chunk);
    if (name[0] === "x" && chunk.latin.indexOf(name.slice(1)) < 0) return Promise.resolve({});
    var key = "c" + chunk.id + "/" + name;
    return load("shard:" + key, key + ".js").then(function (index) {
      var found = {};
      var latin = name[0] === "x";
      index.query(function (q) {
        q.term(token, { usePipeline: false, wildcard: latin ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE });
      }).forEach(function (r) { found[parseInt(r.ref, 16)] = r.score; });
      return found;
    });
  }

  function searchChunk(chunk, clauses) {
    var tokens = [];
    clauses.forEach(function (c) { c.tokens.forEach(function (t) { if (tokens.indexOf(t) < 0) tokens.push(t); }); });
    return Promise.all(tokens.map(function (t) { return termMatches(chunk, t); })).then(function (sets) {
      var hits = [];
      Object.keys(sets[0] || {}).forEach(function (n) {
        var score = 0;
        for (var k = 0; k < sets.length; k++) {
          if (!(n in sets[k])) return;
          score += sets[k][n];
        }
        hits.push({ n: parseInt(n, 10), score: score });
      });
      return hits;
    });
  }

  // A result row with its fields named (query.js: the order sitegen/search.py writes them in).
  function doc(n) {
    var file = Math.floor(n / manifest.docsPerFile);
    var folder = Math.floor(file / manifest.docsFilesPerFolder);
    return load("docs:" + file, "docs/" + folder + "/" + file + ".js").then(function (rows) {
      return Q.named(rows[n - file * manifest.docsPerFile]);
    });
  }

  function filters() {
    return {
      column: columnSelect.value, region: regionSelect.value,
      from: parseInt(fromInput.value, 10) || null, to: parseInt(toInput.value, 10) || null,
      sort: sortSelect.value
    };
  }

  function passes(meta, first, n, f) {
    var k = n - first;
    if (f.column !== "" && String(meta.column[k]) !== f.column) return false;
    if (f.region !== "" && String(meta.region[k]) !== f.region) return false;
    var year = new Date(meta.day[k] * 86400000).getUTCFullYear();
    if (f.from && year < f.from) return false;
    if (f.to && year > f.to) return false;
    return true;
  }

  function fillFilters(m) {
    function fill(select, names) {
      names.forEach(function (name, k) {
        var option = document.createElement("option");
        option.value = String(k);
        var chars = Array.from(name);  // a long name cut, whole in its tooltip: a select is as wide as its widest
        option.textContent = chars.length > NAME_SHOWN ? chars.slice(0, NAME_SHOWN).join("") + "…" : name;
        option.title = name;
        select.appendChild(option);
      });
    }
    fill(columnSelect, m.columns);
    fill(regionSelect, m.regions);
    if (m.years.length) {
      [fromInput, toInput].forEach(function (el) { el.min = m.years[0]; el.max = m.years[1]; });
      fromInput.placeholder = m.years[0];
      toInput.placeholder = m.years[1];
    }
  }

  function setState(state, total) {
    results.setAttribute("data-state", state);
    results.setAttribute("data-total", String(total));
  }

  // `text` into `parent` as text nodes, the query's words in <mark>s.
  function highlighted(text, words, parent) {
    var pos = 0;
    matches(text, words).forEach(function (m) {
      parent.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      parent.appendChild(mark);
      pos = m[1];
    });
    parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  function renderItem(row, clauses) {
    var li = document.createElement("li");
    li.className = "search-result";
    var a = document.createElement("a");
    a.href = manifest.root + row.url;  // rows are site-relative; the manifest says where the site is
    highlighted(row.title, words(clauses), a);
    var title = document.createElement("h2");
    title.appendChild(a);
    li.appendChild(title);
    var meta = document.createElement("p");
    meta.className = "meta";
    [row.date, row.column, [row.region, row.county].filter(Boolean).join(" · "), row.authors.join("、")].forEach(function (part) {
      if (!part) return;
      var span = document.createElement("span");
      span.textContent = part;
      meta.appendChild(span);
    });
    li.appendChild(meta);
    var text = document.createElement("p");
    text.className = "snippet";
    highlighted(snippet(row.text, words(clauses)), words(clauses), text);
    li.appendChild(text);
    return li;
  }

  function phraseOk(row, clauses) {
    var text = normalize(row.title + "\n" + row.text);
    return clauses.every(function (c) { return !c.phrase || text.indexOf(normalize(c.text)) >= 0; });
  }

  // A search: gather the hits chunk by chunk, newest first; after each chunk answers, rank what is
  // gathered and paint the first page of it. Paints run one after another, never two at once.
  function search(q) {
    var mine = ++run;
    var clauses = parse(q);
    list.textContent = "";
    more.hidden = true;
    if (!clauses.length) {
      setState("idle", 0);
      status.textContent = q.trim() ? "请输入汉字、拼音或数字。" : "输入要查找的字词，多个词用空格分开，\"…\" 查找完整短语。";
      return Promise.resolve();
    }
    setState("loading", 0);
    status.textContent = "正在检索…";
    var state = {
      mine: mine, q: q, clauses: clauses, f: filters(), hits: [], shown: PAGE, pending: 0,
      phrases: clauses.some(function (c) { return c.phrase; }), painting: Promise.resolve()
    };
    more.onclick = function () { state.shown += PAGE; repaint(state); };
    return gather(state).catch(function (err) {
      status.textContent = "检索出错：" + err.message;
      setState("done", 0);
    });
  }

  function gather(state) {
    return getManifest().then(function (m) {
      var chunks = m.chunks.slice().reverse();  // newest first
      state.pending = chunks.length;
      if (!state.pending) return repaint(state);
      return Promise.all(chunks.map(function (chunk) {
        return Promise.all([searchChunk(chunk, state.clauses), load("meta:" + chunk.id, "c" + chunk.id + "/meta.js")])
          .then(function (both) {
            if (state.mine !== run) return;
            var meta = both[1];
            both[0].forEach(function (h) {
              if (!passes(meta, chunk.first, h.n, state.f)) return;
              h.day = meta.day[h.n - chunk.first];
              state.hits.push(h);
            });
            state.pending -= 1;
            return repaint(state);
          });
      }));
    });
  }

  function rank(state) {
    var f = state.f;
    state.hits.sort(function (a, b) {
      if (f.sort === "new" && a.day !== b.day) return b.day - a.day;
      return b.score - a.score || b.n - a.n;
    });
  }

  function repaint(state) {
    state.painting = state.painting.then(function () { return paint(state); });
    return state.painting;
  }

  // The first `shown` hits as they stand now. A chunk answering while the rows load queues its own
  // paint, so this one counts the hits (and says whether the search is done) before it loads them.
  // Rows that turn out not to hold a quoted phrase are dropped and the page is filled again.
  async function paint(state) {
    var done, n, top, rows;
    for (;;) {
      if (state.mine !== run) return;
      done = state.pending === 0;
      n = state.hits.length;
      rank(state);
      top = state.hits.slice(0, state.shown);
      rows = await Promise.all(top.map(function (h) { return doc(h.n); }));
      if (state.mine !== run) return;
      var dropped = state.phrases ? top.filter(function (h, k) { return !phraseOk(rows[k], state.clauses); }) : [];
      if (!dropped.length) break;
      state.hits = state.hits.filter(function (h) { return dropped.indexOf(h) < 0; });
    }
    list.textContent = "";
    rows.forEach(function (row) { list.appendChild(renderItem(row, state.clauses)); });
    more.hidden = n <= state.shown;
    status.textContent = n
      ? (done ? "" : "已找到 ") + n + " 篇" + (state.phrases && n > state.shown ? "（含待核对的短语）" : "") + (done ? "。" : "，继续检索…")
      : (done ? "没有找到与“" + state.q + "”匹配的稿件。" : "正在检索…");
    setState(done ? "done" : "partial", n);
  }

  // The query and filters live in the URL, so results can be linked and Back works.
  function fromUrl() {
    var p = new URLSearchParams(window.location.search);
    input.value = p.get("q") || "";
    columnSelect.value = p.get("column") || "";
    regionSelect.value = p.get("region") || "";
    fromInput.value = p.get("from") || "";
    toInput.value = p.get("to") || "";
    sortSelect.value = p.get("sort") === "new" ? "new" : "score";
  }

  function toUrl(push) {
    var p = new URLSearchParams();
    if (input.value) p.set("q", input.value);
    [["column", columnSelect], ["region", regionSelect], ["from", fromInput], ["to", toInput]].forEach(function (pair) {
      if (pair[1].value) p.set(pair[0], pair[1].value);
    });
    if (sortSelect.value === "new") p.set("sort", "new");
    var url = "?" + p.toString();
    try {
      if (push) window.history.pushState(null, "", url); else window.history.replaceState(null, "", url);
    } catch (e) { /* some browsers refuse history on file://; the search still runs */ }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    toUrl(true);
    search(input.value);
  });
  [columnSelect, regionSelect, fromInput, toInput, sortSelect].forEach(function (el) {
    el.addEventListener("change", function () { toUrl(true); search(input.value); });
  });
  window.addEventListener("popstate", function () { fromUrl(); search(input.value); });

  getManifest().then(function () {
    fromUrl();  // after the filter options exist, so their values can be restored
    return search(input.value);
  }, function () {
    status.textContent = "检索索引未能载入。";
  });
})();

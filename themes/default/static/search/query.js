/* sitegen search: the query's pure parts, loaded before search.js and by the node tests.
 *
 * parse (words and "quoted phrases", each cut into tokens by tokens.js), the bucket file a token is
 * in (the same FNV-1a hash as sitegen/search.py), where the query's words occur in a text, and the
 * snippet shown of it. Nothing here touches the page.
 */
(function () {
  "use strict";

  var tokens = typeof sitegenTokens !== "undefined" ? sitegenTokens : require("./tokens.js").sitegenTokens;
  var fold = typeof sitegenFold !== "undefined" ? sitegenFold : require("./tokens.js").sitegenFold;

  function fnv1a(text) {
    var h = 0x811c9dc5;
    Array.from(text).forEach(function (ch) {
      h ^= ch.codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    });
    return h >>> 0;
  }

  function bucketOf(term, chunk) {
    return /^[a-z0-9]/.test(term) ? "x" + Array.from(term)[0] : "h" + (fnv1a(term) % chunk.buckets);
  }

  // "words and "exact phrases"" -> [{text, phrase, tokens}]
  function parse(q) {
    var clauses = [];
    q = q.replace(/\p{Cf}+/gu, "");  // as in indexed text: 赤\u200b峰 is 赤峰, not two words
    var re = /["“”]([^"“”]+)["“”]|(\S+)/g, m;
    while ((m = re.exec(q)) !== null) {
      var text = m[1] !== undefined ? m[1] : m[2];
      var toks = tokens(text);
      if (toks.length) clauses.push({ text: text, phrase: m[1] !== undefined, tokens: toks });
    }
    return clauses;
  }

  // A query word as the index sees it (tokens.js: NFKC, lowercase, no format characters).
  function normalize(text) { return fold(text).text; }

  // Where the query's words occur in `text`: [start, end) spans of the original text, found in its
  // folded form (tokens.js sitegenFold) and mapped back, so "…", ①, Ａ or 豈 before a match cannot
  // shift the marks. Sorted, without overlaps.
  function matches(text, words) {
    var folded = fold(text);
    var spans = [];
    words.forEach(function (w) {
      var needle = normalize(w);
      if (!needle) return;
      var at = folded.text.indexOf(needle);
      while (at >= 0) {
        spans.push([folded.starts[at], folded.ends[at + needle.length - 1]]);
        at = folded.text.indexOf(needle, at + needle.length);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var kept = [];
    spans.forEach(function (s) { if (!kept.length || s[0] >= kept[kept.length - 1][1]) kept.push(s); });
    return kept;
  }

  // Never cut between the two halves of a character beyond U+FFFF.
  function boundary(text, at) {
    var unit = text.charCodeAt(at);
    return at > 0 && at < text.length && unit >= 0xdc00 && unit <= 0xdfff ? at - 1 : at;
  }

  function snippet(text, words) {
    var first = matches(text, words)[0];
    var at = first ? first[0] : 0;
    var start = boundary(text, Math.max(0, at - 40));
    var end = boundary(text, Math.min(text.length, start + 140));
    return (start > 0 ? "…" : "") + text.slice(start, end).replace(/\s+/g, " ") + (end < text.length ? "…" : "");
  }

  function words(clauses) {
    var out = [];
    clauses.forEach(function (c) {
      out.push(c.text);
      if (!c.phrase) c.tokens.forEach(function (t) { if (t.length > 1 || /[^a-z0-9]/.test(t)) out.push(t); });
    });
    return out;
  }

  // A result row as sitegen/search.py writes it (SearchDoc.show), its fields named.
  var ROW_FIELDS = ["url", "title", "date", "column", "region", "county", "authors", "text"];
  function named(row) {
    var out = {};
    ROW_FIELDS.forEach(function (name, k) { out[name] = row[k]; });
    return out;
  }

  var api = {
    fnv1a: fnv1a, bucketOf: bucketOf, parse: parse, normalize: normalize, matches: matches,
    boundary: boundary, snippet: snippet, words: words, named: named, ROW_FIELDS: ROW_FIELDS,
  };
  if (typeof window !== "undefined") window.sitegenQuery = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})();

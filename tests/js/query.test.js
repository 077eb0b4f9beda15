// query.js, the search page's pure parts, against vectors sitegen/search.py wrote
// (tests/data/make_query_vectors.py). Run: node --test tests/js/
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..", "..");
const query = require(path.join(REPO, "themes", "default", "static", "search", "query.js"));
const vectors = JSON.parse(fs.readFileSync(path.join(REPO, "tests", "data", "query_vectors.json"), "utf8"));

test("a term's bucket is the one sitegen/search.py writes it to", () => {
  assert.ok(vectors.length >= 50);
  for (const v of vectors) {
    assert.equal(query.bucketOf(v.term, { buckets: v.buckets }), v.bucket, JSON.stringify(v));
  }
});

test("a query is its words and quoted phrases, format characters dropped", () => {
  const clauses = query.parse('赤\u200b峰 “党建 引领” dangjian');
  assert.deepEqual(clauses.map((c) => [c.text, c.phrase]), [["赤峰", false], ["党建 引领", true], ["dangjian", false]]);
  assert.deepEqual(query.parse("  \u200b "), []);
});

test("matches are spans of the original text, sorted and without overlaps", () => {
  assert.deepEqual(query.matches("①赤峰市赤峰", ["赤峰", "峰市"]), [[1, 3], [4, 6]]);
  assert.deepEqual(query.matches("ＡＢ党建", ["ab"]), [[0, 2]]);  // full-width letters fold to the query's
});

test("a snippet never cuts a character beyond U+FFFF in two", () => {
  const text = "𠀀".repeat(100) + "党建" + "𠀀".repeat(100);
  const shown = query.snippet(text, ["党建"]);
  assert.ok(shown.includes("党建"));
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(shown), shown);
});

test("the words marked are the query's, and its longer tokens", () => {
  assert.deepEqual(query.words(query.parse("乡村振兴")), ["乡村振兴", "乡村", "村振", "振兴"]);
});

test("a result row's fields are named in the order they are written", () => {
  const row = query.named(["2023/03/07/05/a.html", "题", "2023-03-07", "观潮", "赤峰市", "宁城县", ["宋爽"], "正文"]);
  assert.deepEqual([row.url, row.column, row.county, row.authors], ["2023/03/07/05/a.html", "观潮", "宁城县", ["宋爽"]]);
});

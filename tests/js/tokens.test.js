// tokens.js against the shared vectors, and lunr.js 2.3.9 (the vendored copy) searching an index
// that lunr.py built with the Python tokenizer. Run: node --test tests/js/
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..", "..");
const STATIC = path.join(REPO, "themes", "default", "static", "search");
const DATA = path.join(REPO, "tests", "data");

const { sitegenTokens, sitegenRegister, LABEL } = require(path.join(STATIC, "tokens.js"));
const lunr = require(path.join(STATIC, "lunr-2.3.9.min.js"));

const vectors = JSON.parse(fs.readFileSync(path.join(DATA, "token_vectors.json"), "utf8"));
const fixture = JSON.parse(fs.readFileSync(path.join(DATA, "lunr_fixture.json"), "utf8"));

test("enough vectors", () => {
  assert.ok(vectors.length >= 200, `${vectors.length} vectors`);
});

test("every vector", async (t) => {
  for (const [i, v] of vectors.entries()) {
    await t.test(`${i}: ${JSON.stringify(v.input)}`, () => {
      assert.deepEqual(sitegenTokens(v.input), v.tokens);
    });
  }
});

test("lone surrogates separate", () => {
  assert.deepEqual(sitegenTokens("a\ud800b赤\udfff峰"), ["a", "b", "赤", "峰"]);
});

test("register: label, idempotent, no warning the second time", () => {
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.join(" "));
  let fn;
  try {
    fn = sitegenRegister(lunr);
    assert.equal(sitegenRegister(lunr), fn);
    assert.equal(sitegenRegister(lunr), fn);
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, []);
  assert.equal(LABEL, "sitegen-cjk");
  assert.equal(fn.label, LABEL);
  assert.equal(lunr.Pipeline.registeredFunctions[LABEL], fn);
});

test("pipeline function: one clone per token, same metadata; none for punctuation", () => {
  const fn = sitegenRegister(lunr);
  const metadata = { position: [0, 6], index: 2 };
  const token = new lunr.Token("赤峰市gdp", metadata);
  const out = fn(token, 0, [token]);
  assert.deepEqual(out.map(String), ["赤峰", "峰市", "gdp"]);
  for (const t of out) {
    assert.ok(t instanceof lunr.Token);
    assert.notEqual(t, token);
    assert.equal(t.metadata, metadata);
  }
  assert.equal(token.toString(), "赤峰市gdp");
  assert.deepEqual(fn(new lunr.Token("，。", {}), 0, []), []);
  // lunr.Pipeline#run spreads the arrays and drops the empty ones
  const pipeline = lunr.Pipeline.load([LABEL]);
  assert.deepEqual(pipeline.runString("赤峰市"), ["赤峰", "峰市"]);
  assert.deepEqual(pipeline.run([new lunr.Token("赤峰"), new lunr.Token("！"), new lunr.Token("ＡＢＣ")]).map(String), ["赤峰", "abc"]);
});

test("a lunr.py index loads and answers like lunr.py", async (t) => {
  sitegenRegister(lunr);
  assert.deepEqual(fixture.index.pipeline, [LABEL]);
  const idx = lunr.Index.load(fixture.index);
  const found = idx.query((q) => q.term("赤峰", { usePipeline: false })).map((r) => r.ref);
  assert.deepEqual(found, ["a"]);
  for (const query of fixture.queries) {
    await t.test(JSON.stringify(query), () => {
      const results = "term" in query
        ? idx.query((q) => q.term(query.term, { usePipeline: false }))
        : idx.search(query.search);
      assert.deepEqual(results.map((r) => r.ref).sort(), [...query.refs].sort());
    });
  }
});

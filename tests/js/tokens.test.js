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

// sitegenFold: the text a query's words are looked for in, with the span of the original behind each unit.
const { sitegenFold } = require(path.join(STATIC, "tokens.js"));

function marked(text, word) {
  const f = sitegenFold(text);
  const needle = sitegenFold(word).text;
  const spans = [];
  for (let at = f.text.indexOf(needle); at >= 0; at = f.text.indexOf(needle, at + needle.length)) {
    spans.push(text.slice(f.starts[at], f.ends[at + needle.length - 1]));
  }
  return spans;
}

test("fold: a match maps back to exactly the original characters", () => {
  assert.deepEqual(marked("…赤峰市牢记嘱托", "赤峰"), ["赤峰"]);
  assert.deepEqual(marked("……赤峰……赤峰", "赤峰"), ["赤峰", "赤峰"]);
  assert.deepEqual(marked("①赤峰②赤峰", "赤峰"), ["赤峰", "赤峰"]);
  assert.deepEqual(marked("ＡＢＣ赤峰ａｂｃ", "abc"), ["ＡＢＣ", "ａｂｃ"]);
  assert.deepEqual(marked("\uF9FD赤峰", "\u4EC0"), ["\uF9FD"]);  // a compatibility ideograph is its unified one
  assert.deepEqual(marked("赤\u200b峰", "赤峰"), ["赤\u200b峰"]);  // format characters fold away
  assert.deepEqual(marked("赤\uFE00峰", "赤峰"), ["赤\uFE00峰"]);  // a variation selector after Han too
  assert.deepEqual(marked("cafe\u0301 CAFÉ", "café"), ["cafe\u0301", "CAFÉ"]);
  assert.deepEqual(marked("𠮷野家𠮷野", "𠮷野"), ["𠮷野", "𠮷野"]);
  assert.deepEqual(marked("㎏ kg", "kg"), ["㎏", "kg"]);
});

test("fold: every unit maps inside the original, in order, and folds as a whole string does", () => {
  for (const v of vectors) {
    const f = sitegenFold(v.input);
    assert.equal(f.starts.length, f.text.length);
    assert.equal(f.ends.length, f.text.length);
    for (let k = 0; k < f.text.length; k++) {
      assert.ok(0 <= f.starts[k] && f.starts[k] < f.ends[k] && f.ends[k] <= v.input.length, JSON.stringify(v.input));
      if (k) assert.ok(f.starts[k - 1] <= f.starts[k], JSON.stringify(v.input));
    }
    // Folded, the text gives the query tokens the whole text gives: the folding is the tokenizer's own
    // (but for Greek final sigma: a character lowercased alone is σ, in a word's end ς; a query folds alike).
    const sigma = (tokens) => tokens.map((t) => t.replace(/ς/g, "σ"));
    assert.deepEqual(sigma(sitegenTokens(f.text)), sigma(v.tokens), JSON.stringify(v.input));
  }
});

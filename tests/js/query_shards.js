// Loads lunr.js 2.3.9, the sitegen-cjk tokenizer and the bucket expander exactly as the search page does,
// then runs each query of the JSON on stdin against the compact bucket holding its term (documents
// numbered from 0, named in hex as the search page names them). Prints [[ref, score]...] per query.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const root = path.resolve(__dirname, "..", "..");
const context = { console };
context.window = context;
vm.createContext(context);
for (const file of ["lunr-2.3.9.min.js", "tokens.js", "shard.js"]) {
  const code = fs.readFileSync(path.join(root, "themes/default/static/search", file), "utf8");
  vm.runInContext(code, context, { filename: file });
}
const lunr = context.lunr;
context.sitegenRegister(lunr);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const out = input.queries.map(function (q) {
  const index = lunr.Index.load(context.sitegenShard(input.shards[q.bucket], function (n) { return n.toString(16); }));
  return index.query(function (query) {
    query.term(q.term, { usePipeline: false });
  }).map(function (r) { return [r.ref, r.score]; });
});
process.stdout.write(JSON.stringify(out));

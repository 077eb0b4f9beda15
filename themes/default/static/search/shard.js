/* sitegen search: a compact bucket file expanded into lunr 2.3.9's serialized index.
 *
 * A bucket (sitegen/lunr_index.py) lists per term, per field, the documents holding it as gaps
 * between their numbers in the chunk, each followed by its weight times 1000:
 *   {"fields": [...], "terms": [[term, termIndex, 0 | [gap, weight, gap, weight...], ...], ...]}
 * lunr's JSON says the same twice: a posting per document in the inverted index, and the weight in
 * the document's field vector. Both are rebuilt here; refOf(n) names the chunk's document n.
 */
(function () {
  "use strict";

  function expand(data, refOf) {
    var fields = data.fields;
    var inverted = [];
    var vectors = {};  // "field/ref" -> [termIndex, weight, ...]
    var order = [];
    data.terms.forEach(function (entry) {
      var index = entry[1];
      var posting = { _index: index };
      fields.forEach(function (field, f) {
        var docs = {};
        var pairs = entry[2 + f];
        var n = 0;
        for (var k = 0; pairs && k < pairs.length; k += 2) {
          n += pairs[k];
          var ref = refOf(n);
          docs[ref] = {};
          var key = field + "/" + ref;
          if (!vectors[key]) { vectors[key] = []; order.push(key); }
          vectors[key].push(index, pairs[k + 1] / 1000);  // the same double as lunr's "4.002"
        }
        posting[field] = docs;
      });
      inverted.push([entry[0], posting]);
    });
    var fieldVectors = order.map(function (key) {
      var flat = vectors[key];
      if (flat.length > 2) {  // lunr's vectors list their terms by index: its dot product walks them in order
        var pairs = [];
        for (var k = 0; k < flat.length; k += 2) pairs.push([flat[k], flat[k + 1]]);
        pairs.sort(function (a, b) { return a[0] - b[0]; });
        flat = [].concat.apply([], pairs);
      }
      return [key, flat];
    });
    return {
      version: "2.3.9", fields: fields, fieldVectors: fieldVectors, invertedIndex: inverted,
      pipeline: ["sitegen-cjk"]
    };
  }

  if (typeof window !== "undefined") window.sitegenShard = expand;
  if (typeof module !== "undefined" && module.exports) module.exports = { sitegenShard: expand };
})();

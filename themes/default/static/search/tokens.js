/* sitegen search tokens: the rule of sitegen/tokens.py, written again for the browser.
 *
 * lunr's tokenizer (split on whitespace and "-", lowercase) runs first; the pipeline function
 * registered as "sitegen-cjk" then turns each lunr token into zero or more tokens:
 *   1. NFKC-normalise, then lowercase, then remove format characters (\p{Cf}: zero-width space,
 *      soft hyphen, BOM, joiners, bidi controls).
 *   2. Cut into runs: a Han run is a maximal run of Han characters (the code point ranges in HAN,
 *      whatever their category); a word run is a letter or digit (\p{L}, \p{N}, not Han) followed
 *      by letters, digits and combining marks (\p{M}), not Han. A combining mark belongs to the run
 *      it follows: kept inside a word run, dropped after a Han character without breaking the Han
 *      run, dropped anywhere else. Everything else separates runs and is dropped.
 *   3. A Han run of one character is one token; a longer one gives its overlapping bigrams
 *      (赤峰市 → 赤峰, 峰市). A word run is one token.
 * These are a query's tokens. The index also holds every Han character alone (tokens.py,
 * index_tokens), so a query of one character is looked up as it is.
 * Code points, not UTF-16 units: "u" regexes and Array.from. Categories, NFKC and case come from
 * the JavaScript engine here and from Python 3.11 (Unicode 14) at build time: every character
 * assigned in Unicode 14 tokenizes the same on both sides. tests/data/token_vectors.json holds the
 * cases both sides are tested on.
 *
 * A plain script (defines the globals sitegenTokens, sitegenRegister and sitegenFold); node can
 * require() it.
 */
var sitegenTokens, sitegenRegister, sitegenFold;

(function () {
  "use strict";

  var LABEL = "sitegen-cjk";
  var HAN = "\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u{20000}-\\u{3134F}";
  var HAN_MARKS = new RegExp("([" + HAN + "])\\p{M}+", "gu");
  var FORMATS = /\p{Cf}+/gu;
  // Group 1: a Han run. Otherwise a word run; it cannot start with a Han character, which the
  // first alternative takes.
  var RUN = new RegExp("([" + HAN + "]+)|[\\p{L}\\p{N}](?:(?![" + HAN + "])[\\p{L}\\p{N}\\p{M}])*", "gu");

  /** The search tokens of text, in order, duplicates kept. */
  function tokens(text) {
    var s = String(text).normalize("NFKC").toLowerCase().replace(FORMATS, "").replace(HAN_MARKS, "$1");
    var out = [];
    var match, chars, k;
    RUN.lastIndex = 0;
    while ((match = RUN.exec(s)) !== null) {
      if (match[1] === undefined) {
        out.push(match[0]);
        continue;
      }
      chars = Array.from(match[0]);
      if (chars.length <= 2) {
        out.push(match[0]);
      } else {
        for (k = 0; k + 1 < chars.length; k++) out.push(chars[k] + chars[k + 1]);
      }
    }
    return out;
  }

  var registered = null;  // the pipeline function, once made

  /** Register the pipeline function with lunr under "sitegen-cjk" (again: no-op); returns it. */
  function register(lunr) {
    if (registered === null) {
      registered = function (token) {
        // lunr.Pipeline#run drops null/undefined/"" and spreads an array into the token list; an
        // empty array therefore drops the token too.
        return tokens(token.toString()).map(function (t) {
          return token.clone(function () { return t; });
        });
      };
    }
    if (lunr.Pipeline.registeredFunctions[LABEL] !== registered) {
      lunr.Pipeline.registerFunction(registered, LABEL);
    }
    return registered;
  }

  // Characters that fold to themselves, one UTF-16 unit each: common Han, and ASCII other than A-Z.
  var PLAIN = /^[\u4E00-\u9FFF\u0020-\u0040\u005B-\u007E\u3001-\u3003\u3008-\u3011\uFF0C]$/;
  var HAN_START = new RegExp("^[" + HAN + "]", "u");
  var MARK = /^\p{M}$/u;
  var MARKS = /\p{M}+/gu;

  /**
   * text as the tokenizer sees it, for finding a query's words in it: NFKC, lowercase, without format
   * characters and without the marks after a Han character. Returns {text, starts, ends}: for each
   * UTF-16 unit of the folded text, the span of the original it came from, so that a match found in
   * the folded text marks exactly the original characters ("…" folds to "...", ① to "1", Ａ to "a",
   * a compatibility ideograph to its unified one). A character is folded with the marks after it.
   */
  function fold(text) {
    var s = String(text);
    var out = [], starts = [], ends = [];
    var i = 0;
    while (i < s.length) {
      var cp = s.codePointAt(i);
      var j = i + (cp > 0xffff ? 2 : 1);
      var ch = s.slice(i, j);
      while (j < s.length) {  // the marks that belong to this character
        var size = s.codePointAt(j) > 0xffff ? 2 : 1;
        if (!MARK.test(s.slice(j, j + size))) break;
        j += size;
      }
      if (j === i + ch.length && PLAIN.test(ch)) {
        out.push(ch); starts.push(i); ends.push(j);
        i = j;
        continue;
      }
      var f = s.slice(i, j).normalize("NFKC").toLowerCase().replace(FORMATS, "");
      if (HAN_START.test(f)) f = f.replace(MARKS, "");
      for (var k = 0; k < f.length; k++) { out.push(f[k]); starts.push(i); ends.push(j); }
      i = j;
    }
    return { text: out.join(""), starts: starts, ends: ends };
  }

  sitegenTokens = tokens;
  sitegenRegister = register;
  sitegenFold = fold;

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { sitegenTokens: tokens, sitegenRegister: register, sitegenFold: fold, LABEL: LABEL };
  }
})();

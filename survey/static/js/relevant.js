/* Thước Đo skip-logic evaluator: the browser twin of forms/expr.py's evaluate().
 * It reads the JSON AST the server sends (Questionnaire.relevance_asts()) and applies the same rules, so a
 * question shown here is exactly a question the server accepts. Plain ES5, no dependencies (old Android).
 * Rules (see forms/expr.py): unanswered, "" and [] are null; null = null/'' only, every other comparison with
 * null is false; numeric strings compare as numbers; booleans equal 'true'/'false'; arithmetic on anything
 * that is not a number, or division by zero, gives null. Text ordering is by UTF-16 code unit here and by code
 * point in Python: the same for all Vietnamese text.
 *   ThuocDoExpr.evaluate(ast, answers, current) -> value;  ThuocDoExpr.check(...) -> boolean
 */
(function (root) {
  "use strict";
  var NUMERIC = /^[ \t\n\r\f\v]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\f\v]*$/;
  var has = Object.prototype.hasOwnProperty;

  function isArray(v) { return Object.prototype.toString.call(v) === "[object Array]"; }
  function isBool(v) { return typeof v === "boolean"; }
  function isNum(v) { return typeof v === "number"; }

  function normal(v) {
    if (v === undefined || v === null || v === "" || (isNum(v) && v !== v)) { return null; }
    if (isArray(v)) { return v.length ? v.slice() : null; }
    return v;
  }

  function num(v) {
    if (isNum(v)) { return v; }
    if (typeof v === "string" && NUMERIC.test(v)) { return parseFloat(v); }
    return null;
  }

  function truthy(v) {
    if (v === null || v === undefined || v === false) { return false; }
    if (isNum(v)) { return v !== 0; }
    if (typeof v === "string" || isArray(v)) { return v.length > 0; }
    return true;
  }

  function equal(a, b) {
    var i, x, y;
    if (isArray(a) || isArray(b)) {
      if (!isArray(a) || !isArray(b) || a.length !== b.length) { return false; }
      for (i = 0; i < a.length; i++) { if (!equal(a[i], b[i])) { return false; } }
      return true;
    }
    if (isBool(a) || isBool(b)) {
      if (isBool(a) && isBool(b)) { return a === b; }
      x = isBool(a) ? a : b;
      y = isBool(a) ? b : a;
      return typeof y === "string" && y === (x ? "true" : "false");
    }
    if (isNum(a) || isNum(b)) {
      x = num(a); y = num(b);
      return x !== null && y !== null && x === y;
    }
    return a === b;
  }

  function compare(op, a, b) {
    var x, y;
    if (a === null || b === null) { return op === "=" && (a === null || a === "") && (b === null || b === ""); }
    if (op === "=") { return equal(a, b); }
    if (op === "!=") { return !equal(a, b); }
    if (isBool(a) || isBool(b) || isArray(a) || isArray(b)) { return false; }
    x = num(a); y = num(b);
    if (x === null || y === null) {
      if (typeof a !== "string" || typeof b !== "string") { return false; }
      x = a; y = b;
    }
    if (op === "<") { return x < y; }
    if (op === "<=") { return x <= y; }
    if (op === ">") { return x > y; }
    return x >= y;
  }

  function arithmetic(op, a, b) {
    var x = num(a), y = num(b), r;
    if (x === null || y === null || (op === "/" && y === 0)) { return null; }
    r = op === "+" ? x + y : op === "-" ? x - y : op === "*" ? x * y : x / y;
    return r !== r ? null : r;
  }

  function selected(values, choice) {
    var i;
    if (values === null || choice === null) { return false; }
    if (!isArray(values)) { return equal(values, choice); }
    for (i = 0; i < values.length; i++) {
      if (values[i] !== null && values[i] !== undefined && equal(values[i], choice)) { return true; }
    }
    return false;
  }

  function evaluate(ast, answers, current) {
    var op = ast.op, args = ast.args, i, a, b;
    answers = answers || {};
    if (op === "lit") { return ast.value; }
    if (op === "ref") { return normal(has.call(answers, ast.id) ? answers[ast.id] : null); }
    if (op === "cur") { return normal(current); }
    if (op === "and" || op === "or") {
      for (i = 0; i < args.length; i++) {
        if (truthy(evaluate(args[i], answers, current)) === (op === "or")) { return op === "or"; }
      }
      return op === "and";
    }
    if (op === "not") { return !truthy(evaluate(args[0], answers, current)); }
    a = evaluate(args[0], answers, current);
    if (op === "neg") { a = num(a); return a === null ? null : -a; }
    if (op === "count-selected") { return a === null ? 0 : isArray(a) ? a.length : 1; }
    b = evaluate(args[1], answers, current);
    if (op === "selected") { return selected(a, b); }
    if (op === "+" || op === "-" || op === "*" || op === "/") { return arithmetic(op, a, b); }
    if (op === "=" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=") {
      return compare(op, a, b);
    }
    throw new Error("unknown expression node " + op);
  }

  function check(ast, answers, current) {
    return ast === null || ast === undefined ? true : truthy(evaluate(ast, answers, current));
  }

  root.ThuocDoExpr = { evaluate: evaluate, check: check, truthy: truthy };
}(typeof window !== "undefined" ? window : this));

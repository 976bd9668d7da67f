import { Decimal } from '../common/decimal.js';

/**
 * A small, safe formula language for criteria written by provinces: numbers, variables,
 * + − × ÷ (`+ - * /`), comparisons (`< <= > >= == !=`, true = 1), parentheses and the functions
 * `min(a, b, …)`, `max(a, b, …)`, `if(cond, then, else)`. Parsed once into a tree and evaluated
 * with exact decimals; nothing is ever passed to `eval` or `new Function`.
 */
export type FormulaNode =
  | { t: 'num'; v: string }
  | { t: 'var'; name: string }
  | { t: 'neg'; e: FormulaNode }
  | { t: 'bin'; op: string; l: FormulaNode; r: FormulaNode }
  | { t: 'call'; fn: 'min' | 'max' | 'if'; args: FormulaNode[] };

export class FormulaError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|[-+*/(),<>]))/y;

function tokenize(src: string): { kind: 'num' | 'id' | 'op'; text: string; pos: number }[] {
  if (src.length > 1000) throw new FormulaError('Công thức quá dài (tối đa 1000 ký tự).', 0);
  const out: { kind: 'num' | 'id' | 'op'; text: string; pos: number }[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new FormulaError(`Ký tự không hợp lệ "${src.slice(pos).trim()[0]}" ở vị trí ${pos + 1}.`, pos);
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3])!.length;
    if (m[1]) out.push({ kind: 'num', text: m[1], pos: at });
    else if (m[2]) out.push({ kind: 'id', text: m[2], pos: at });
    else out.push({ kind: 'op', text: m[3]!, pos: at });
    pos = TOKEN.lastIndex;
  }
  return out;
}

export function parseFormula(src: string): FormulaNode {
  const toks = tokenize(src);
  let i = 0;
  let depth = 0;
  const peek = () => toks[i];
  const expect = (text: string) => {
    const t = toks[i];
    if (!t || t.text !== text) throw new FormulaError(`Thiếu "${text}" ở vị trí ${t ? t.pos + 1 : src.length + 1}.`, t?.pos ?? src.length);
    i++;
  };
  const comparison = (): FormulaNode => {
    let l = additive();
    while (peek() && ['<', '<=', '>', '>=', '==', '!='].includes(peek()!.text)) {
      const op = toks[i++]!.text;
      l = { t: 'bin', op, l, r: additive() };
    }
    return l;
  };
  const additive = (): FormulaNode => {
    let l = term();
    while (peek() && (peek()!.text === '+' || peek()!.text === '-')) {
      const op = toks[i++]!.text;
      l = { t: 'bin', op, l, r: term() };
    }
    return l;
  };
  const term = (): FormulaNode => {
    let l = unary();
    while (peek() && (peek()!.text === '*' || peek()!.text === '/')) {
      const op = toks[i++]!.text;
      l = { t: 'bin', op, l, r: unary() };
    }
    return l;
  };
  const unary = (): FormulaNode => {
    if (peek()?.text === '-') {
      i++;
      return { t: 'neg', e: unary() };
    }
    if (peek()?.text === '+') i++;
    return primary();
  };
  const primary = (): FormulaNode => {
    const t = toks[i];
    if (!t) throw new FormulaError('Công thức kết thúc đột ngột.', src.length);
    if (++depth > 64) throw new FormulaError('Công thức lồng nhau quá sâu.', t.pos);
    try {
      if (t.kind === 'num') {
        i++;
        return { t: 'num', v: t.text };
      }
      if (t.kind === 'id') {
        i++;
        if (peek()?.text === '(') {
          const fn = t.text.toLowerCase();
          if (fn !== 'min' && fn !== 'max' && fn !== 'if') throw new FormulaError(`Hàm "${t.text}" không được hỗ trợ (chỉ có min, max, if).`, t.pos);
          i++;
          const args = [comparison()];
          while (peek()?.text === ',') {
            i++;
            args.push(comparison());
          }
          expect(')');
          if (fn === 'if' && args.length !== 3) throw new FormulaError('Hàm if cần đúng 3 tham số: if(điều kiện, giá trị nếu đúng, giá trị nếu sai).', t.pos);
          return { t: 'call', fn, args };
        }
        return { t: 'var', name: t.text };
      }
      if (t.text === '(') {
        i++;
        const e = comparison();
        expect(')');
        return e;
      }
      throw new FormulaError(`Không mong đợi "${t.text}" ở vị trí ${t.pos + 1}.`, t.pos);
    } finally {
      depth--;
    }
  };
  const tree = comparison();
  if (i < toks.length) throw new FormulaError(`Thừa "${toks[i]!.text}" ở vị trí ${toks[i]!.pos + 1}.`, toks[i]!.pos);
  return tree;
}

/** Variable names a formula reads. */
export function formulaVariables(node: FormulaNode, out = new Set<string>()): Set<string> {
  if (node.t === 'var') out.add(node.name);
  else if (node.t === 'neg') formulaVariables(node.e, out);
  else if (node.t === 'bin') {
    formulaVariables(node.l, out);
    formulaVariables(node.r, out);
  } else if (node.t === 'call') node.args.forEach((a) => formulaVariables(a, out));
  return out;
}

/** Evaluates exactly; a missing variable or a division by zero is an error with a readable message. */
export function evaluateFormula(node: FormulaNode, vars: Readonly<Record<string, Decimal>>): Decimal {
  switch (node.t) {
    case 'num':
      return new Decimal(node.v);
    case 'var': {
      // Own properties only: "constructor" or "__proto__" must not reach Object.prototype.
      const v = Object.hasOwn(vars, node.name) ? vars[node.name] : undefined;
      if (v === undefined) throw new FormulaError(`Thiếu giá trị biến "${node.name}".`, 0);
      return v;
    }
    case 'neg':
      return evaluateFormula(node.e, vars).neg();
    case 'call': {
      if (node.fn === 'if') return evaluateFormula(node.args[0]!, vars).isZero() ? evaluateFormula(node.args[2]!, vars) : evaluateFormula(node.args[1]!, vars);
      const vals = node.args.map((a) => evaluateFormula(a, vars));
      return node.fn === 'min' ? Decimal.min(...vals) : Decimal.max(...vals);
    }
    case 'bin': {
      const l = evaluateFormula(node.l, vars);
      const r = evaluateFormula(node.r, vars);
      const b = (x: boolean) => new Decimal(x ? 1 : 0);
      switch (node.op) {
        case '+': return l.plus(r);
        case '-': return l.minus(r);
        case '*': return l.times(r);
        case '/':
          if (r.isZero()) throw new FormulaError('Chia cho 0.', 0);
          return l.div(r);
        case '<': return b(l.lt(r));
        case '<=': return b(l.lte(r));
        case '>': return b(l.gt(r));
        case '>=': return b(l.gte(r));
        case '==': return b(l.eq(r));
        case '!=': return b(!l.eq(r));
      }
      throw new FormulaError(`Phép toán "${node.op}" không được hỗ trợ.`, 0);
    }
  }
}

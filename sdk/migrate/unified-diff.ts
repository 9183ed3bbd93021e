/**
 * A small unified-diff printer (`diff -u` layout, 3 lines of context) for showing a rewrite before
 * it is written. Common prefix and suffix are trimmed first, so the line-by-line alignment only runs
 * on the changed middle, which in a CI file rewrite is a few dozen lines.
 *
 * @module
 */

type Op = { readonly kind: " " | "-" | "+"; readonly line: string };

/** The most cells the alignment table may have; past it the middle is shown as replaced. */
const MAX_CELLS = 4_000_000;

/**
 * A unified diff of `before` → `after`, with `a/FILE` and `b/FILE` headers; empty when equal.
 *
 * @param context - lines of context around each change. @default 3
 */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.kind === " ") {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    let lastChange = i;
    while (end < ops.length && end - lastChange <= context * 2) {
      if (ops[end]?.kind !== " ") lastChange = end;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    hunks.push(hunk(ops, start, end));
    i = end;
  }
  return `--- a/${file}\n+++ b/${file}\n${hunks.join("")}`;
}

function hunk(ops: readonly Op[], start: number, end: number): string {
  let aLine = 1;
  let bLine = 1;
  for (let k = 0; k < start; k++) {
    if (ops[k]?.kind !== "+") aLine++;
    if (ops[k]?.kind !== "-") bLine++;
  }
  const slice = ops.slice(start, end);
  const aCount = slice.filter((o) => o.kind !== "+").length;
  const bCount = slice.filter((o) => o.kind !== "-").length;
  const range = (line: number, count: number) =>
    count === 0 ? `${line - 1},0` : count === 1 ? `${line}` : `${line},${count}`;
  const body = slice
    .map(
      (o) =>
        `${o.kind}${o.line.endsWith("\n") ? o.line : `${o.line}\n\\ No newline at end of file\n`}`,
    )
    .join("");
  return `@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@\n${body}`;
}

/** Splits text into lines that keep their `\n`, so a missing final newline is visible. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    a[a.length - 1 - suf] === b[b.length - 1 - suf]
  )
    suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const middle: Op[] =
    am.length * bm.length > MAX_CELLS
      ? [
          ...am.map((line) => ({ kind: "-" as const, line })),
          ...bm.map((line) => ({ kind: "+" as const, line })),
        ]
      : align(am, bm);
  return [
    ...a.slice(0, pre).map((line) => ({ kind: " " as const, line })),
    ...middle,
    ...a.slice(a.length - suf).map((line) => ({ kind: " " as const, line })),
  ];
}

/** Longest-common-subsequence alignment; deletions are listed before insertions. */
function align(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] =
        a[i] === b[j]
          ? (table[(i + 1) * (m + 1) + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * (m + 1) + j] ?? 0, table[i * (m + 1) + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i++] as string });
      j++;
    } else if (
      j >= m ||
      (i < n && (table[(i + 1) * (m + 1) + j] ?? 0) >= (table[i * (m + 1) + j + 1] ?? 0))
    ) {
      ops.push({ kind: "-", line: a[i++] as string });
    } else {
      ops.push({ kind: "+", line: b[j++] as string });
    }
  }
  return ops;
}

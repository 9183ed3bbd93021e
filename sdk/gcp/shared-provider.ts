/**
 * Identities that share a provider are told apart only by the principals they bind, while the
 * provider admits the tokens of all of them. A principal of one identity must therefore not be
 * reachable by a token that only another identity's trust admits.
 *
 * @module
 */
import type { Problem } from "../errors";
import { isLiteral, literalText, matchesPattern, type TrustSubject } from "../trust";
import type { GcpSubjectBinding } from "./render-provider";
import type { SubjectFacts } from "./subject-facts";

/**
 * Checks that no identity's principal is reachable through another identity's weaker trust.
 *
 * A token admitted by subject Y reaches subject X's principal when its `google.subject` (or the
 * attribute X binds by) can take the value X names. That is harmless only when Y is at least as
 * strict as X: every guard of X (owner pin, conditions) is also one of Y's, and, for an attribute
 * binding, every `sub` Y admits is one X admits.
 *
 * @returns a problem per principal that another identity's tokens could reach.
 */
export function checkSharedProvider(
  subjects: readonly TrustSubject[],
  facts: readonly SubjectFacts[],
  bindings: readonly GcpSubjectBinding[],
): Problem[] {
  const problems: Problem[] = [];
  bindings.forEach((x, i) => {
    const xSubject = subjects[i] as TrustSubject;
    const xFacts = facts[i] as SubjectFacts;
    bindings.forEach((y, j) => {
      if (y.identity === x.identity) return;
      const ySubject = subjects[j] as TrustSubject;
      const yFacts = facts[j] as SubjectFacts;
      const reached = reachedPrincipals(xSubject, xFacts, x, ySubject, yFacts);
      if (reached.length === 0 || implies(ySubject, yFacts, xSubject, xFacts, x.via)) return;
      problems.push({
        path: xSubject.path,
        value: reached,
        rule: `On GCP, identities that share a workload identity provider are told apart only by the principals they bind. Identity "${y.identity}" (${ySubject.path}: ${ySubject.description}) admits tokens that reach this principal of identity "${x.identity}" without meeting all of its conditions, so they would act as "${x.identity}".`,
        fix: `Give one of the two identities its own pool (another purpose), or declare the same conditions on both.`,
      });
    });
  });
  return problems;
}

function reachedPrincipals(
  x: TrustSubject,
  xFacts: SubjectFacts,
  binding: GcpSubjectBinding,
  y: TrustSubject,
  yFacts: SubjectFacts,
): string[] {
  if (binding.via === "subject") {
    return x.sub
      .map(literalText)
      .flatMap((s, k) =>
        y.sub.some((p) => matchesPattern(p, s)) ? [binding.principals[k] as string] : [],
      );
  }
  const anchor = xFacts.anchor;
  if (!anchor) return [];
  const pinned = yFacts.pins.get(anchor.attribute);
  return pinned === undefined || pinned === anchor.value ? [...binding.principals] : [];
}

function implies(
  y: TrustSubject,
  yFacts: SubjectFacts,
  x: TrustSubject,
  xFacts: SubjectFacts,
  via: GcpSubjectBinding["via"],
): boolean {
  const yGuards = new Set(yFacts.guards);
  if (!xFacts.guards.every((g) => yGuards.has(g))) return false;
  if (via === "subject") return true;
  return y.sub.every((yp) =>
    x.sub.some(
      (xp) =>
        JSON.stringify(xp.parts) === JSON.stringify(yp.parts) ||
        (isLiteral(yp) && matchesPattern(xp, literalText(yp))),
    ),
  );
}

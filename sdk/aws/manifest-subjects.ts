/**
 * Trusted subjects as the manifest stores them: plain text with `*` and `?` as wildcards.
 *
 * @module
 */
import type { ManifestSubject } from "../manifest";
import { patternText, type TrustSubject } from "../trust";

/** Converts the model's subjects into the manifest's plain form, in declaration order. */
export function toManifestSubjects(subjects: readonly TrustSubject[]): readonly ManifestSubject[] {
  return Object.freeze(
    subjects.map((subject) =>
      Object.freeze({
        issuer: subject.issuer.url,
        issuerKind: subject.issuer.kind,
        sub: Object.freeze(subject.sub.map(patternText)),
        conditions: Object.freeze(
          subject.conditions.map((c) =>
            Object.freeze({ claim: c.claim, anyOf: Object.freeze(c.anyOf.map(patternText)) }),
          ),
        ),
        description: subject.description,
      }),
    ),
  );
}

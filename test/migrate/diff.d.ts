// The `diff` package (present through sinon) ships no types; the test uses only this function,
// as an independent check that printed patches apply.
declare module "diff" {
  export function applyPatch(source: string, patch: string): string | false;
}

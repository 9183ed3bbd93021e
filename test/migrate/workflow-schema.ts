import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";

/**
 * GitHub's own workflow parser and schema: the errors it reports for a workflow file. The parser
 * loads its schema JSON through a bare import, which vitest resolves and plain Node does not.
 */
export function workflowErrors(name: string, content: string): string[] {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
}

// Reads the final answer with the parser of the output format the policy asked for.
import { formatModule, type OutputFormat } from './formats/output-format';
import { inconclusive, type Verdict } from './verdict';

export function parseVerdict(answer: string | null, format: OutputFormat, upstreamProblems: string[] = []): Verdict {
  const problems = [...upstreamProblems];
  if (answer === null) return inconclusive(null, problems.length ? problems : ['no final answer']);
  const text = answer.trim();
  return formatModule(format).parse({ answer, text, lead: answer.indexOf(text) }, problems);
}

// One classification as the page shows it: streamed reasoning and answer, the result or the error, Cancel.
import { useCallback, useRef, useState } from 'react';
import { describeError, type ErrorInfo } from '../../../common/errors';
import type { ClassifyResult } from '../../../classify/request';
import { useBackend } from '../../app/backend-context';
import type { LabelledExample } from '../policies/policies';
import type { ClassifyPanelInput } from './ClassifyPanel';

/** What produced a verdict, shown with it (the inputs may change after the run). */
export interface RunMeta {
  model: string;
  policy: string;
  policyEdited: boolean;
  effort: string;
  maxTokens: number;
}

export function useClassifyRun() {
  const backend = useBackend();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ClassifyResult | null>(null);
  const [reasoning, setReasoning] = useState('');
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [expected, setExpected] = useState<LabelledExample | null>(null);
  const [meta, setMeta] = useState<RunMeta | null>(null);
  // A second Run before React re-renders (a double click, Ctrl+Enter twice) must not start an interleaved run.
  const active = useRef(false);

  const run = useCallback(
    async ({ expected: expectedLabel, ...input }: ClassifyPanelInput, about: Pick<RunMeta, 'model' | 'policy' | 'policyEdited'>) => {
      if (active.current) return;
      active.current = true;
      setRunning(true);
      setMeta({ ...about, effort: input.effort, maxTokens: input.maxTokens });
      setExpected(expectedLabel);
      setResult(null);
      setReasoning('');
      setAnswer('');
      setError(null);
      try {
        setResult(
          await backend.classify(input, {
            onEvent: (e) => {
              if (e.type === 'reasoning') setReasoning((r) => r + e.text);
              if (e.type === 'answer') setAnswer((a) => a + e.text);
            },
          }),
        );
      } catch (e) {
        setError(describeError(e));
      } finally {
        active.current = false;
        setRunning(false);
      }
    },
    [backend],
  );
  const cancel = useCallback(() => backend.cancel(), [backend]);
  return { running, result, reasoning, answer, error, expected, meta, run, cancel };
}

// The policy in the editor and where it comes from: a preset, the blank template, or one of the user's saved
// policies. Edits to a saved policy are saved automatically (debounced, and flushed before switching away or
// when the page is hidden); edits to a preset are kept as its draft (preset-drafts.ts) until reverted or duplicated.
import { useCallback, useEffect, useRef, useState } from 'react';
import { BLANK_TEMPLATE, PRESET_POLICIES, type PresetPolicy } from './policies';
import { markdownFileName, readPolicyFile } from './policy-files';
import { PolicyLibrary, type SavedPolicy } from './policy-library';
import { PresetDrafts } from './preset-drafts';

/** "preset:<id>", "saved:<id>" or "template": the value of the policy select. */
export type PolicySourceKey = string;
export const TEMPLATE_KEY = 'template';
const SELECTED_KEY = 'safeguard.policy.selected';
const AUTOSAVE_MS = 400;

export type SaveStatus = 'saved' | 'saving' | 'preset' | 'preset-edited';

const library = new PolicyLibrary();
const drafts = new PresetDrafts();
export const presetKey = (p: PresetPolicy): PolicySourceKey => `preset:${p.id}`;
const presetFor = (key: PolicySourceKey) => PRESET_POLICIES.find((p) => presetKey(p) === key);
const presetText = (key: PolicySourceKey) => (key === TEMPLATE_KEY ? BLANK_TEMPLATE : presetFor(key)?.text);
const savedId = (key: PolicySourceKey) => (key.startsWith('saved:') ? key.slice('saved:'.length) : null);

export function usePolicyEditor() {
  const [saved, setSaved] = useState<SavedPolicy[]>([]);
  const [source, setSource] = useState<PolicySourceKey>(presetKey(PRESET_POLICIES[0]));
  const [text, setTextState] = useState(PRESET_POLICIES[0].text);
  const [status, setStatus] = useState<SaveStatus>('preset');
  const [error, setError] = useState<string | null>(null);
  const pending = useRef<{ id: string; text: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const report = (e: unknown) => setError((e as Error)?.message ?? String(e));
  const reload = useCallback(async () => setSaved(await library.list()), []);

  /** Shows a policy; a preset comes back with its draft, if it has one. */
  const show = useCallback((key: PolicySourceKey, body: string) => {
    const draft = savedId(key) ? undefined : drafts.get(key);
    setSource(key);
    setTextState(draft ?? body);
    setStatus(savedId(key) ? 'saved' : draft !== undefined ? 'preset-edited' : 'preset');
    localStorage.setItem(SELECTED_KEY, key);
  }, []);

  /** Writes a pending edit now (before switching policy, or when the page goes away). */
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const edit = pending.current;
    if (!edit) return;
    pending.current = null;
    try {
      await library.updateText(edit.id, edit.text);
      setStatus((s) => (s === 'saving' ? 'saved' : s));
      await reload();
    } catch (e) {
      report(e);
    }
  }, [reload]);

  // Restore the saved list and the last selection.
  useEffect(() => {
    (async () => {
      const list = await library.list();
      setSaved(list);
      const last = localStorage.getItem(SELECTED_KEY);
      const id = last && savedId(last);
      const policy = id ? list.find((p) => p.id === id) : undefined;
      if (policy) show(last!, policy.text);
      else if (last && presetText(last) !== undefined) show(last, presetText(last)!);
    })().catch(report);
    const onHide = () => void flush();
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [show, flush]);

  const setText = useCallback(
    (next: string) => {
      setTextState(next);
      const id = savedId(source);
      if (!id) return setStatus(drafts.set(source, next, presetText(source) ?? '') === 'edited' ? 'preset-edited' : 'preset');
      pending.current = { id, text: next };
      setStatus('saving');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
    },
    [source, flush],
  );

  const select = useCallback(
    async (key: PolicySourceKey) => {
      setError(null);
      await flush();
      const id = savedId(key);
      const body = id ? (await library.get(id))?.text : presetText(key);
      if (body === undefined) return setError('That policy no longer exists (deleted in another tab?).');
      show(key, body);
    },
    [flush, show],
  );

  const run = useCallback(
    async (action: () => Promise<void>) => {
      setError(null);
      try {
        await flush();
        await action();
        await reload();
      } catch (e) {
        report(e);
      }
    },
    [flush, reload],
  );

  const currentName = savedId(source)
    ? (saved.find((p) => `saved:${p.id}` === source)?.name ?? '')
    : source === TEMPLATE_KEY
      ? 'Blank template'
      : (presetFor(source)?.title ?? '');

  return {
    saved,
    source,
    /** The preset being shown (with its labelled examples), if it is one. */
    preset: presetFor(source),
    text,
    status,
    error,
    currentName,
    isSaved: savedId(source) !== null,
    setText,
    select,
    clearError: () => setError(null),
    /** Drops the preset's draft and shows the preset's own text again. */
    revertPreset: () => {
      drafts.discard(source);
      show(source, presetText(source) ?? '');
    },
    createNew: () => run(async () => {
      const p = await library.create('Untitled policy', BLANK_TEMPLATE);
      show(`saved:${p.id}`, p.text);
    }),
    duplicate: () => run(async () => {
      const p = await library.create(`${currentName} copy`, text);
      if (!savedId(source)) drafts.discard(source); // the draft now lives on as the user's own policy
      show(`saved:${p.id}`, p.text);
    }),
    rename: (name: string) => run(async () => {
      const id = savedId(source);
      if (id) await library.rename(id, name);
    }),
    remove: () => run(async () => {
      const id = savedId(source);
      if (!id) return;
      await library.remove(id);
      show(presetKey(PRESET_POLICIES[0]), PRESET_POLICIES[0].text);
    }),
    importFiles: (files: File[]) => run(async () => {
      const problems: string[] = [];
      for (const file of files) {
        try {
          const { name, text: body } = await readPolicyFile(file);
          const p = await library.create(name, body);
          show(`saved:${p.id}`, p.text);
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
      if (problems.length) throw new Error(problems.join(' '));
    }),
    exportCurrent: () => {
      const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: markdownFileName(currentName) });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}


export type PolicyEditor = ReturnType<typeof usePolicyEditor>;

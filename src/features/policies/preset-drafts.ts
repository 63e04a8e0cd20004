// Unsaved edits to presets (and the blank template), one draft per preset, kept in localStorage so switching to
// another policy and back, or reloading, never loses them. A draft equal to the preset's own text is no draft.

const KEY = 'safeguard.policy.presetDrafts';

export class PresetDrafts {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage) {}

  private all(): Record<string, string> {
    try {
      return JSON.parse(this.storage.getItem(KEY) ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  }

  get(key: string): string | undefined {
    return this.all()[key];
  }

  /** Keeps `text` as the draft of `key`, or drops the draft when it equals the preset's text again. */
  set(key: string, text: string, presetText: string): 'edited' | 'unchanged' {
    const drafts = this.all();
    if (text === presetText) delete drafts[key];
    else drafts[key] = text;
    this.storage.setItem(KEY, JSON.stringify(drafts));
    return text === presetText ? 'unchanged' : 'edited';
  }

  discard(key: string) {
    const drafts = this.all();
    delete drafts[key];
    this.storage.setItem(KEY, JSON.stringify(drafts));
  }
}

// The user's own policies, saved in IndexedDB through idb-keyval in a database of their own, in the workspace
// storage bucket (apart from the model cache: deleting or evicting a model never touches a policy). Runs on the
// main thread: policies are small.
import { del, get, set, values, type UseStore } from 'idb-keyval';
import { workspaceStore } from '../../app/workspace-storage';
import { isQuotaError } from '../../../common/quota';
import { uniqueName } from './policy-files';

export interface SavedPolicy {
  id: string;
  name: string;
  text: string;
  createdAt: number;
  updatedAt: number;
}

export class PolicySaveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicySaveError';
  }
}

export class PolicyLibrary {
  constructor(private readonly store: UseStore = workspaceStore('safeguard-policies', 'policies')) {}

  /** All saved policies, by name. */
  async list(): Promise<SavedPolicy[]> {
    return (await values<SavedPolicy>(this.store)).sort((a, b) => a.name.localeCompare(b.name) || a.createdAt - b.createdAt);
  }

  async get(id: string): Promise<SavedPolicy | undefined> {
    return get<SavedPolicy>(id, this.store);
  }

  /** A new policy; its name is made unique among the saved ones ("Spam copy (2)"). */
  async create(name: string, text: string): Promise<SavedPolicy> {
    const taken = (await this.list()).map((p) => p.name);
    const now = Date.now();
    const policy: SavedPolicy = { id: crypto.randomUUID(), name: uniqueName(name.trim() || 'Untitled policy', taken), text, createdAt: now, updatedAt: now };
    await this.put(policy);
    return policy;
  }

  async updateText(id: string, text: string): Promise<SavedPolicy> {
    return this.change(id, { text });
  }

  async rename(id: string, name: string): Promise<SavedPolicy> {
    const clean = name.trim();
    if (!clean) throw new PolicySaveError('A policy needs a name.');
    return this.change(id, { name: clean });
  }

  async remove(id: string): Promise<void> {
    await del(id, this.store);
  }

  private async change(id: string, fields: Partial<Pick<SavedPolicy, 'name' | 'text'>>): Promise<SavedPolicy> {
    const current = await this.get(id);
    if (!current) throw new PolicySaveError('This policy was deleted (perhaps in another tab). Duplicate the text to keep it.');
    const policy = { ...current, ...fields, updatedAt: Date.now() };
    await this.put(policy);
    return policy;
  }

  private async put(policy: SavedPolicy) {
    try {
      await set(policy.id, policy, this.store);
    } catch (error) {
      throw new PolicySaveError(
        isQuotaError(error)
          ? 'Could not save the policy: browser storage is full. Delete a cached model or other site data, then edit again to save.'
          : `Could not save the policy: ${(error as Error)?.message ?? String(error)}`,
      );
    }
  }
}

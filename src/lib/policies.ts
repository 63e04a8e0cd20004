// Preset policies: the Markdown files in policies/, bundled at build time.
export interface PresetPolicy {
  id: string;
  title: string;
  text: string;
}

const files = import.meta.glob('../../policies/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const PRESET_POLICIES: PresetPolicy[] = Object.entries(files)
  .map(([path, text]) => ({
    id: path.split('/').pop()!.replace(/\.md$/, ''),
    title: text.match(/^#\s+(.+)$/m)?.[1] ?? path,
    text,
  }))
  .sort((a, b) => a.title.localeCompare(b.title));

// The keyboard shortcuts of the whole app in one place (each control also carries aria-keyshortcuts).
const SHORTCUTS: [string, string][] = [
  ['Ctrl+Enter / ⌘+Enter', 'Run (in the policy or content box)'],
  ['← / →', 'Move between tabs (sections, batch views)'],
  ['J / K or ↓ / ↑', 'Next / previous item (an opened batch row, the review queue)'],
  ['A', 'Accept the verdict'],
  ['1 / 0', 'Override to violation / no violation (a label format: the label\'s number)'],
  ['X', 'Clear the override'],
  ['N', 'Write a note'],
  ['Esc', 'Close the opened row'],
];

export function ShortcutsHelp() {
  return (
    <details className="shortcuts">
      <summary>Keyboard shortcuts</summary>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}><dt><kbd>{keys}</kbd></dt><dd>{what}</dd></div>
        ))}
      </dl>
    </details>
  );
}

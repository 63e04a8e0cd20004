// The element's look, adopted as a constructable stylesheet (no <style> element, so a CSP without
// 'unsafe-inline' allows it). Themable from the host page with custom properties and ::part().
export const ELEMENT_CSS = `
:host { display: inline-block; font: var(--safeguard-font, 0.875rem/1.4 system-ui, sans-serif); color: var(--safeguard-text, #1d2430); max-width: 100%; }
:host([hidden]) { display: none; }
.box { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.6rem; }
button { font: inherit; padding: 0.2rem 0.7rem; border-radius: var(--safeguard-radius, 6px); border: 1px solid var(--safeguard-accent, #2457c5);
  background: var(--safeguard-accent, #2457c5); color: var(--safeguard-on-accent, #fff); cursor: pointer; }
button:focus-visible { outline: 2px solid var(--safeguard-focus, #1b4399); outline-offset: 2px; }
button:disabled { opacity: 0.6; cursor: default; }
.chip { display: inline-flex; gap: 0.35rem; align-items: baseline; padding: 0.15rem 0.6rem; border-radius: 999px; font-weight: 600;
  background: var(--safeguard-safe-bg, #e6f4ea); color: var(--safeguard-safe-text, #14532d); }
.chip[data-violation="1"] { background: var(--safeguard-violation-bg, #fde8e8); color: var(--safeguard-violation-text, #8a1c1c); }
.chip[data-violation=""] { background: var(--safeguard-neutral-bg, #eef0f3); color: var(--safeguard-neutral-text, #3b4452); }
.probability { font-weight: 400; }
.note { color: var(--safeguard-muted, #5b6470); }
.problem { color: var(--safeguard-error, #8a1c1c); }
details { flex-basis: 100%; }
summary { cursor: pointer; color: var(--safeguard-muted, #5b6470); }
pre { white-space: pre-wrap; margin: 0.3rem 0 0; font: inherit; max-height: 16rem; overflow: auto; }
progress { width: 8rem; }
`;

let sheet: CSSStyleSheet | null = null;

export function elementSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(ELEMENT_CSS);
  }
  return sheet;
}

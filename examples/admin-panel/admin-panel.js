// A plain-HTML moderation queue using <safeguard-classifier> (no framework). It reacts to each element's
// `verdict` event by marking the item, and to `error` by showing what to do.
// Demo parameters: ?model= and ?mirror= (a registry id and the base URL of the model files); ?widget= the URL of
// the package (default /widget/safeguard-widget.js, where the built dist/widget/ folder is copied).
const params = new URLSearchParams(location.search);
const elements = document.querySelectorAll('safeguard-classifier');
for (const element of elements) {
  for (const name of ['model', 'mirror']) if (params.get(name)) element.setAttribute(name, params.get(name));
}

let classified = 0;
const tally = document.getElementById('tally');
for (const element of elements) {
  const decision = element.closest('.item').querySelector('.decision');
  element.addEventListener('verdict', (event) => {
    const { label, violation, probability } = event.detail;
    const item = element.closest('.item');
    item.dataset.verdict = label;
    decision.textContent = violation === 1 ? `Flagged: ${label}` : violation === 0 ? 'Looks fine' : 'Needs a person';
    if (probability !== null) decision.textContent += ` (${Math.round(probability * 100)} %)`;
    if (!item.dataset.counted) {
      item.dataset.counted = 'yes';
      classified++;
      tally.textContent = `${classified} of ${elements.length} items classified.`;
    }
  });
  element.addEventListener('error', (event) => {
    decision.textContent = `${event.detail.message} ${event.detail.action}`;
  });
}

// Loaded after the attributes above are set, so each element starts with the right model and mirror.
await import(params.get('widget') ?? '/widget/safeguard-widget.js');

// widget.html: the classifier for pages that cannot host the package's files. It shows one
// <safeguard-classifier> (so the download consent and the progress happen inside the frame) and answers classify
// requests by postMessage from the origins in its ?origins= list; any other origin gets nothing at all.
// ?model= and ?mirror= choose the model and where its files come from.
import './index';
import type { SafeguardClassifierElement } from './classifier-element';
import { guidanceFor } from '../src/ui/error-guidance';
import { allowedOrigins, asPageMessage, PROTOCOL, PROTOCOL_VERSION, type FrameBody } from './iframe-protocol';
import type { ErrorDetail } from './verdict-detail';

const params = new URLSearchParams(location.search);
const origins = allowedOrigins(location.search);
const element = document.createElement('safeguard-classifier') as SafeguardClassifierElement;
for (const name of ['model', 'mirror'] as const) {
  const value = params.get(name);
  if (value) element.setAttribute(name, value);
}
element.setAttribute('load', params.get('load') === 'eager' ? 'eager' : 'interaction');
document.getElementById('classifier')!.replaceChildren(element);
const notice = document.getElementById('origins')!;
notice.textContent = origins.length ? `Answers requests from ${origins.join(', ')}.` : 'No page is allowed to use this classifier: add ?origins= to its address.';

const post = (origin: string, message: FrameBody) =>
  parent.postMessage({ protocol: PROTOCOL, v: PROTOCOL_VERSION, ...message }, origin);

let current: { id: string; origin: string } | null = null;
element.addEventListener('progress', (e) => current && post(current.origin, { type: 'progress', id: current.id, progress: (e as unknown as CustomEvent).detail }));

let queue = Promise.resolve();
addEventListener('message', (event: MessageEvent) => {
  if (!origins.includes(event.origin) || event.source !== parent) return; // not on the list: no answer at all
  const message = asPageMessage(event.data);
  if (!message) return;
  const { id, request } = message;
  queue = queue.then(async () => {
    current = { id, origin: event.origin };
    element.setAttribute('policy', request.policy);
    element.setAttribute('effort', request.effort ?? 'low');
    // "Classify again" inside the frame then re-runs this item (its verdict shows in the frame only).
    element.setAttribute('content', request.content);
    if (typeof request.format === 'string') element.setAttribute('format', request.format);
    else element.removeAttribute('format');
    try {
      post(event.origin, { type: 'verdict', id, verdict: await element.classify(request.content) });
    } catch (error) {
      const e = error as Error;
      const detail: ErrorDetail = { name: e.name, message: e.message, action: guidanceFor(e.name).advice.replaceAll('{download}', 'Download model') };
      post(event.origin, { type: 'error', id, error: detail });
    } finally {
      current = null;
    }
  });
});

const model = element.model;
if (model) for (const origin of origins) post(origin, { type: 'hello', model });

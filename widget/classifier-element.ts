// <safeguard-classifier>: a compact verdict chip for admin panels. Attributes: policy | policy-src, effort,
// format, model, mirror, content | for, load ("interaction": nothing is downloaded until the user agrees, with
// the size shown; "eager"). Method classify(content?). Events: verdict, progress, error. Shadow DOM, themable with
// custom properties and ::part(box | button | chip | reasoning | note). Text is always set as text, never as HTML.
import { formatBytes } from '../src/ui/format';
import { guidanceFor } from '../src/ui/error-guidance';
import type { ReasoningEffort } from '../harmony/render';
import { createClassifier, DEFAULT_MODEL, type EmbeddedClassifier, type WidgetProgress } from './create-classifier';
import { elementSheet } from './element-styles';
import { verdictDetail, type ErrorDetail, type VerdictDetail } from './verdict-detail';
import { HUGGING_FACE } from '../delivery/registry';

type View = { kind: 'checking' } | { kind: 'consent' } | { kind: 'ready' } | { kind: 'busy'; text: string; progress?: number }
  | { kind: 'done'; verdict: VerdictDetail } | { kind: 'error'; error: ErrorDetail };

const policies = new Map<string, Promise<string>>();

export class SafeguardClassifierElement extends HTMLElement {
  static readonly observedAttributes = ['model', 'mirror'];
  private readonly root = this.attachShadow({ mode: 'open' });
  private classifier: EmbeddedClassifier | null = null;
  private view: View = { kind: 'checking' };
  private consent: (() => void) | null = null;
  /** The user agreed to download the model (load="interaction"). */
  private agreed = false;
  /** load="eager": this element is bringing the model in without a classification. */
  private preparing = false;
  private running: Promise<VerdictDetail> | null = null;
  private stopWatching: () => void = () => {};

  constructor() {
    super();
    this.root.adoptedStyleSheets = [elementSheet()];
  }

  connectedCallback() {
    this.start();
  }

  disconnectedCallback() {
    this.stopWatching();
    this.classifier?.dispose();
    this.classifier = null;
  }

  attributeChangedCallback(_name: string, old: string | null, value: string | null) {
    if (old !== value && this.classifier) {
      this.stopWatching();
      this.classifier.dispose();
      this.start();
    }
  }

  /** The model this element uses: its registry id, title and download size. */
  get model() {
    return this.classifier?.model ?? null;
  }

  /** Classifies `content` (default: the content attribute, else the value of the element named by `for`). */
  classify(content?: string): Promise<VerdictDetail> {
    this.running ??= this.run(content).finally(() => (this.running = null));
    return this.running;
  }

  private start() {
    this.classifier = createClassifier({
      model: this.getAttribute('model') ?? DEFAULT_MODEL,
      mirror: this.getAttribute('mirror') ?? HUGGING_FACE,
      onProgress: (p) => this.onProgress(p),
    });
    const classifier = this.classifier;
    // Another element (or tab) may bring the model onto this machine: then no consent is needed here.
    this.stopWatching = classifier.subscribe((s) => !this.running && this.view.kind === 'consent' && s.phase === 'ready' && this.show({ kind: 'ready' }));
    this.show({ kind: 'checking' });
    void classifier.isStored().then((stored) => {
      if (classifier !== this.classifier) return;
      const eager = this.getAttribute('load') === 'eager';
      this.show(stored || eager ? { kind: 'ready' } : { kind: 'consent' });
      if (eager && classifier.status.phase !== 'ready') {
        this.preparing = true;
        void classifier.ready().then(() => this.view.kind === 'busy' && this.show({ kind: 'ready' }), (e) => this.fail(e)).finally(() => (this.preparing = false));
      }
    });
  }

  private async run(content?: string): Promise<VerdictDetail> {
    const classifier = this.classifier;
    try {
      if (!classifier) throw Object.assign(new Error('The element is not on the page.'), { name: 'ModelNotLoadedError' });
      const text = content ?? this.getAttribute('content') ?? this.target()?.value ?? '';
      if (!text.trim()) throw Object.assign(new Error('Nothing to classify: the content is empty.'), { name: 'InvalidRequestError' });
      const policy = await this.policy();
      if (classifier.status.phase !== 'ready') {
        if (!this.agreed && !(await classifier.isStored()) && this.getAttribute('load') !== 'eager') {
          this.show({ kind: 'consent' });
          await new Promise<void>((resolve) => (this.consent = resolve));
        }
        this.show({ kind: 'busy', text: 'Preparing the model…' });
        await classifier.ready();
      }
      this.show({ kind: 'busy', text: 'Classifying…' });
      const result = await classifier.classify({ policy, content: text, effort: (this.getAttribute('effort') as ReasoningEffort) ?? 'low', format: this.getAttribute('format') ?? undefined });
      const verdict = verdictDetail(result);
      this.show({ kind: 'done', verdict });
      this.dispatchEvent(new CustomEvent('verdict', { detail: verdict, bubbles: true, composed: true }));
      return verdict;
    } catch (error) {
      throw this.fail(error);
    }
  }

  private target(): HTMLTextAreaElement | HTMLInputElement | null {
    const id = this.getAttribute('for');
    const el = id ? this.ownerDocument.getElementById(id) : null;
    return el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement ? el : null;
  }

  private async policy(): Promise<string> {
    const inline = this.getAttribute('policy');
    if (inline?.trim()) return inline;
    const src = this.getAttribute('policy-src');
    if (!src) throw Object.assign(new Error('No policy: set the policy attribute (text) or policy-src (the URL of a Markdown policy).'), { name: 'InvalidRequestError' });
    const url = new URL(src, this.ownerDocument.baseURI).href;
    if (!policies.has(url)) {
      policies.set(url, fetch(url).then(async (r) => {
        if (!r.ok) throw Object.assign(new Error(`The policy at ${url} could not be fetched (HTTP ${r.status}).`), { name: 'DownloadError' });
        return r.text();
      }));
      policies.get(url)!.catch(() => policies.delete(url));
    }
    return policies.get(url)!;
  }

  private onProgress(p: WidgetProgress) {
    // The model is shared: only the element whose work it is reports it (the others switch to Classify when ready).
    if (!this.running && !this.preparing) return;
    this.dispatchEvent(new CustomEvent('progress', { detail: p, bubbles: true, composed: true }));
    if (p.phase === 'classify') return;
    const verb = p.phase === 'download' ? 'Downloading the model' : 'Loading the model onto the GPU';
    const figures = p.bytesTotal > 1e6 ? `: ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : '…';
    this.show({ kind: 'busy', text: `${verb}${figures}`, progress: p.bytesTotal > 1e6 ? p.bytesDone / p.bytesTotal : undefined });
  }

  private fail(error: unknown): Error {
    const e = error as Error;
    const detail: ErrorDetail = { name: e?.name ?? 'Error', message: e?.message ?? String(error), action: guidanceFor(e?.name ?? '').advice.replaceAll('{download}', 'Download model') };
    this.show({ kind: 'error', error: detail });
    this.dispatchEvent(new CustomEvent('error', { detail, bubbles: true, composed: true }));
    return e instanceof Error ? e : new Error(String(error));
  }

  private show(view: View) {
    this.view = view;
    this.render();
  }

  private render() {
    const doc = this.ownerDocument;
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, part?: string) => {
      const node = doc.createElement(tag);
      if (text !== undefined) node.textContent = text;
      if (part) node.setAttribute('part', part);
      return node;
    };
    const box = el('div', undefined, 'box');
    box.className = 'box';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Safeguard classifier');
    const button = (label: string, onClick: () => void) => {
      const b = el('button', label, 'button');
      b.type = 'button';
      b.addEventListener('click', onClick);
      return b;
    };
    const note = (text: string) => Object.assign(el('span', text, 'note'), { className: 'note' });
    const classifyButton = (label: string) => button(label, () => void this.classify().catch(() => {}));
    const v = this.view;
    const model = this.classifier?.model;
    if (v.kind === 'checking') box.append(note('Checking this browser for the model…'));
    if (v.kind === 'consent' && model) {
      box.append(note(`The model is not on this machine yet: ${model.title}, ${formatBytes(model.approxBytes)}, downloaded once and kept in this browser.`));
      box.append(button('Download model and classify', () => {
        this.agreed = true;
        if (this.consent) this.consent();
        else void this.classify().catch(() => {});
        this.consent = null;
      }));
    }
    if (v.kind === 'ready') box.append(classifyButton('Classify'));
    if (v.kind === 'busy') {
      const status = note(v.text);
      status.setAttribute('role', 'status');
      box.append(status);
      if (v.progress !== undefined) {
        const bar = Object.assign(el('progress'), { max: 1, value: v.progress });
        bar.setAttribute('aria-label', v.text);
        box.append(bar);
      }
    }
    if (v.kind === 'done') {
      const chip = el('span', undefined, 'chip');
      chip.className = 'chip';
      chip.dataset.violation = v.verdict.violation === null ? '' : String(v.verdict.violation);
      chip.append(el('span', v.verdict.label));
      if (v.verdict.probability !== null) chip.append(Object.assign(el('span', `${(v.verdict.probability * 100).toFixed(1)} %`), { className: 'probability' }));
      box.append(chip, classifyButton('Classify again'));
      if (v.verdict.ruleIds.length) box.append(note(`Rules: ${v.verdict.ruleIds.join(', ')}`));
      const details = el('details', undefined, 'reasoning');
      details.append(el('summary', 'Reasoning'), el('pre', [v.verdict.rationale, v.verdict.reasoning].filter(Boolean).join('\n\n')));
      box.append(details);
    }
    if (v.kind === 'error') {
      const problem = el('span', `${v.error.message} ${v.error.action}`, 'note');
      problem.className = 'problem';
      problem.setAttribute('role', 'alert');
      box.append(problem, classifyButton('Try again'));
    }
    this.root.replaceChildren(box);
  }
}

/** Registers <safeguard-classifier> once (a second copy of the script on the page leaves the first in place). */
export function defineSafeguardClassifier(name = 'safeguard-classifier') {
  if (!customElements.get(name)) customElements.define(name, SafeguardClassifierElement);
}

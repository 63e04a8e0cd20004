// The postMessage protocol of iframe mode (widget.html), versioned. Every message carries `protocol` and `v`;
// requests carry an `id` that their answers repeat. The frame answers only origins on its allow-list, and
// only to that origin (never "*").
//   page → frame: { type: "classify", id, request: { policy, content, effort?, format? } }
//   frame → page: { type: "hello", model: { id, title, approxBytes } }   (on load, to each allowed origin)
//                 { type: "progress", id, progress }                      (download / load / classify)
//                 { type: "verdict", id, verdict }                        (VerdictDetail)
//                 { type: "error", id, error: { name, message, action } }
import type { EmbeddedRequest, WidgetProgress } from './create-classifier';
import type { ErrorDetail, VerdictDetail } from './verdict-detail';

export const PROTOCOL = 'safeguard-widget';
export const PROTOCOL_VERSION = 1;

export type PageMessage = { protocol: typeof PROTOCOL; v: number; type: 'classify'; id: string; request: EmbeddedRequest };

export type FrameBody =
  | { type: 'hello'; model: { id: string; title: string; approxBytes: number } }
  | { type: 'progress'; id: string | null; progress: WidgetProgress }
  | { type: 'verdict'; id: string; verdict: VerdictDetail }
  | { type: 'error'; id: string | null; error: ErrorDetail };

export type FrameMessage = { protocol: typeof PROTOCOL; v: typeof PROTOCOL_VERSION } & FrameBody;

/** The origins a frame answers, from its URL (?origins=https://a.example,https://b.example). Paths are dropped. */
export function allowedOrigins(search: string): string[] {
  const list = new URLSearchParams(search).get('origins') ?? '';
  return list.split(',').map((o) => o.trim()).filter(Boolean).flatMap((o) => {
    try {
      const url = new URL(o);
      return url.protocol === 'https:' || url.protocol === 'http:' ? [url.origin] : [];
    } catch {
      return [];
    }
  });
}

/** A well-formed request of this protocol version, or null (anything else is ignored). */
export function asPageMessage(data: unknown): PageMessage | null {
  const m = data as Partial<PageMessage> | null;
  if (!m || m.protocol !== PROTOCOL || m.v !== PROTOCOL_VERSION || m.type !== 'classify' || typeof m.id !== 'string') return null;
  const r = m.request as Partial<EmbeddedRequest> | undefined;
  if (!r || typeof r.policy !== 'string' || typeof r.content !== 'string') return null;
  return m as PageMessage;
}

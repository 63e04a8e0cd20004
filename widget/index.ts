// The embeddable package: importing it registers <safeguard-classifier>; createClassifier is the JS API.
import { defineSafeguardClassifier } from './classifier-element';

export { createClassifier, resolveFormat } from './create-classifier';
export type { ClassifierOptions, EmbeddedClassifier, EmbeddedRequest, WidgetProgress } from './create-classifier';
export type { ErrorDetail, VerdictDetail } from './verdict-detail';
export { SafeguardClassifierElement, defineSafeguardClassifier } from './classifier-element';

defineSafeguardClassifier();

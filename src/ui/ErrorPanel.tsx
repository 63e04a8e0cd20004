// An error as a person can act on it: what happened (title), what to do (advice), and the worker's own message.
// Everything is rendered as text.
import { adviceText, guidanceFor } from './error-guidance';

interface Props {
  name: string;
  message: string;
  testId?: string;
  /** The download button's label now, so advice names the button the user sees. */
  downloadLabel?: string;
}

export function ErrorPanel({ name, message, testId, downloadLabel }: Props) {
  const guidance = guidanceFor(name);
  const { title } = guidance;
  const advice = adviceText(guidance, downloadLabel);
  return (
    <section className="problem" role="alert" data-testid={testId} data-error={name} data-error-name={name}>
      <h2>{title}</h2>
      {advice && <p>{advice}</p>}
      <p className="detail">
        Details: <code>{name}</code>: {message}
      </p>
    </section>
  );
}

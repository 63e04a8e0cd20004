// An error as a person can act on it: what happened (title), what to do (advice), and the worker's own message.
// Everything is rendered as text.
import { guidanceFor } from './error-guidance';

interface Props {
  name: string;
  message: string;
  testId?: string;
}

export function ErrorPanel({ name, message, testId }: Props) {
  const { title, advice } = guidanceFor(name);
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

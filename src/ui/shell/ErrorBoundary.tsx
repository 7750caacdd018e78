/**
 * A view that throws while rendering (unexpected data in a stored conversation, a bug) shows a
 * message with the details instead of blanking the whole app. `resetKey` changing (another
 * conversation opened, another view) tries again.
 */
import { Component, type ReactNode } from 'react';
import { useFmt } from '../i18n/react.ts';

interface Props {
  what: string;
  resetKey: unknown;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: unknown;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return <Failure what={this.props.what} error={error} />;
  }
}

function Failure({ what, error }: { what: string; error: Error }) {
  const f = useFmt();
  return (
    <div className="error-box" role="alert">
      <p>
        <strong>{f.t('errorBoundary.title', { what })}</strong> {f.t('errorBoundary.body')}
      </p>
      <details>
        <summary>{f.t('common.technicalDetails')}</summary>
        <pre>{String(error.stack ?? error.message)}</pre>
      </details>
    </div>
  );
}

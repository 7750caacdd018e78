/** The keyboard shortcuts, in a modal dialog (the header's ? button, Ctrl+/ or Cmd+/). */
import type { RefObject } from 'react';
import { useFmt } from '../i18n/react.ts';
import { shortcutList } from './shortcuts.ts';
import { MAC } from './useShortcuts.ts';

/** Opened and closed through `dialogRef` (`showModal()`, `close()`); Escape and Close close it. */
export function HelpDialog({ dialogRef }: { dialogRef: RefObject<HTMLDialogElement | null> }) {
  const f = useFmt();
  return (
    <dialog ref={dialogRef} className="help-dialog" aria-labelledby="help-title">
      <h2 id="help-title">{f.t('shortcuts.title')}</h2>
      <table className="help-dialog__keys">
        <tbody>
          {shortcutList(MAC).map((s) => (
            <tr key={s.action}>
              <th scope="row">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' + '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </th>
              <td>{f.t(s.label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{f.t('shortcuts.note')}</p>
      <form method="dialog">
        <button type="submit" className="primary" autoFocus>
          {f.t('shortcuts.close')}
        </button>
      </form>
    </dialog>
  );
}

/** The keyboard shortcuts, in a modal dialog (the header's ? button, Ctrl+/ or Cmd+/). */
import type { RefObject } from 'react';
import { shortcutList } from './shortcuts.ts';
import { MAC } from './useShortcuts.ts';

/** Opened and closed through `dialogRef` (`showModal()`, `close()`); Escape and Close close it. */
export function HelpDialog({ dialogRef }: { dialogRef: RefObject<HTMLDialogElement | null> }) {
  return (
    <dialog ref={dialogRef} className="help-dialog" aria-labelledby="help-title">
      <h2 id="help-title">Keyboard shortcuts</h2>
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
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Escape stops an answer even while you type; Escape closes this dialog.</p>
      <form method="dialog">
        <button type="submit" className="primary" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}

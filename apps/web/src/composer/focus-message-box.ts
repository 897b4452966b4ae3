/**
 * Puts the focus back in the message box after an action that removed or replaced the control
 * that had it (Stop, Retry, Regenerate, Save, a suggestion): otherwise it falls to the page body
 * and a keyboard user starts over from the top.
 */
export function focusMessageBox(): void {
  document.querySelector<HTMLTextAreaElement>('.composer-input')?.focus({ preventScroll: true });
}

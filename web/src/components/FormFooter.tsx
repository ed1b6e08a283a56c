/**
 * The buttons row closing a dialog or a form: "Hủy" on the left, the action on the right, both held while the action
 * runs. The action submits the surrounding form, or runs onConfirm when the dialog has no form.
 */
import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

export interface FormFooterProps {
  /** The action's label ("Lưu thay đổi", "Khóa tài khoản"…). */
  submitLabel: ReactNode;
  onCancel(): void;
  cancelLabel?: string;
  /** While the action runs: the action shows a spinner, "Hủy" is disabled. */
  busy?: boolean;
  /** The action is not possible yet (a required field is empty). */
  submitDisabled?: boolean;
  /** No form around: the action is a plain button running this. */
  onConfirm?: () => void;
  /** The action's colour, for destructive ones ("red"). */
  color?: string;
  /** "Hủy" takes the focus when the dialog opens (a confirmation of something hard to undo). */
  focusCancel?: boolean;
}

export function FormFooter({
  submitLabel,
  onCancel,
  cancelLabel = 'Hủy',
  busy = false,
  submitDisabled,
  onConfirm,
  color,
  focusCancel,
}: FormFooterProps) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel} disabled={busy} data-autofocus={focusCancel || undefined}>
        {cancelLabel}
      </Button>
      <Button type={onConfirm ? 'button' : 'submit'} color={color} loading={busy} disabled={submitDisabled} onClick={onConfirm}>
        {submitLabel}
      </Button>
    </Group>
  );
}

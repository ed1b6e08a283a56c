/** A failure said to the user (announced by screen readers); nothing when there is none. */
import { Alert, type AlertProps } from '@mantine/core';

export function ErrorAlert({
  message,
  title,
  ...props
}: { message: string | null | undefined; title?: string } & Omit<AlertProps, 'title' | 'color' | 'role' | 'children'>) {
  if (!message) return null;
  return (
    <Alert color="red" role="alert" title={title} {...props}>
      {message}
    </Alert>
  );
}

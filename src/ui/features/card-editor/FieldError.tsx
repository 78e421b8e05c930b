// The validator's message next to the field it names (live: it changes with every edit).
import { messagesAt, useEditor } from './editor-context';

export function FieldError({ at }: { at: string }) {
  const { errors } = useEditor();
  const messages = messagesAt(errors, at);
  if (!messages.length) return null;
  return (
    <span className="error-text" role="alert" data-field-error={at}>
      {messages.join('; ')}
    </span>
  );
}

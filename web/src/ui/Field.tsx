import { type ReactNode, useId } from 'react';
import { ApiProblem } from '../api/client';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

/**
 * A labelled form control with its hint and the API's messages for the same field
 * (`name` is the field as the API names it, e.g. `segments[0]` or `reason`).
 */
export function Field({
  label,
  hint,
  name,
  error,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  name?: string;
  error?: unknown;
  children: (control: ControlProps) => ReactNode;
  className?: string;
}) {
  const id = useId();
  const messages = name && error instanceof ApiProblem ? error.forField(name) : [];
  const describedBy = [hint ? `${id}-hint` : '', messages.length ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-describedby': describedBy || undefined,
        'aria-invalid': messages.length > 0 || undefined,
      })}
      {hint && (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {messages.length > 0 && (
        <div className="field-error" id={`${id}-error`}>
          {messages.join(' ')}
        </div>
      )}
    </div>
  );
}

/** A group of checkboxes for a multi-valued enum field. */
export function CheckboxGroup<T extends string>({
  legend,
  options,
  value,
  onChange,
  label = (v) => v.replace(/_/g, ' '),
  name,
  error,
}: {
  legend: string;
  options: readonly T[];
  value: readonly T[];
  onChange: (next: T[]) => void;
  label?: (value: T) => string;
  name?: string;
  error?: unknown;
}) {
  const messages = name && error instanceof ApiProblem ? error.forField(name) : [];
  return (
    <fieldset className="field checkbox-group">
      <legend>{legend}</legend>
      <div className="checkbox-row">
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="checkbox"
              checked={value.includes(option)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, option] : value.filter((v) => v !== option))
              }
            />
            {label(option)}
          </label>
        ))}
      </div>
      {messages.length > 0 && <div className="field-error">{messages.join(' ')}</div>}
    </fieldset>
  );
}

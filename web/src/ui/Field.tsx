import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { ApiProblem } from '../api/client';
import { fieldMessage } from './states';

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
  const messages =
    name && error instanceof ApiProblem
      ? error.errors
          .filter((e) => e.field === name)
          .map((e) => fieldMessage(e, typeof label === 'string' ? label : undefined))
      : [];
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

/** A `Field` around a plain text input; other input attributes (`required`, `size`…) pass through. */
export function TextField({
  label,
  hint,
  name,
  error,
  className,
  value,
  onChange,
  ...input
}: {
  label: ReactNode;
  hint?: ReactNode;
  name?: string;
  error?: unknown;
  className?: string;
  value: string;
  onChange: (value: string) => void;
} & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'name' | 'value' | 'onChange' | 'className'
>) {
  return (
    <Field label={label} hint={hint} name={name} error={error} className={className}>
      {(p) => <input {...p} {...input} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A labelled select for a search filter; the first option is usually "Any" with value "". */
export function FilterSelect({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A row with a search box that narrows a required select, then `children` (e.g. a "New…"
 * button). `options` are the choices after the empty `placeholder` one.
 */
export function SearchSelect({
  searchLabel,
  searchPlaceholder,
  searchText,
  onSearchText,
  label,
  name,
  error,
  placeholder,
  value,
  onChange,
  options,
  children,
}: {
  searchLabel: string;
  searchPlaceholder: string;
  searchText: string;
  onSearchText: (text: string) => void;
  label: string;
  name: string;
  error: unknown;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  children?: ReactNode;
}) {
  return (
    <div className="row">
      <Field label={searchLabel} className="grow">
        {(p) => (
          <input
            {...p}
            type="search"
            value={searchText}
            onChange={(e) => onSearchText(e.target.value)}
            placeholder={searchPlaceholder}
          />
        )}
      </Field>
      <Field label={label} name={name} error={error} className="grow">
        {(p) => (
          <select {...p} required value={value} onChange={(e) => onChange(e.target.value)}>
            <option value="">{placeholder}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {children}
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
  const messages =
    name && error instanceof ApiProblem
      ? error.errors
          .filter((e) => e.field === name)
          .map((e) => fieldMessage(e, typeof label === 'string' ? label : undefined))
      : [];
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

/** @jsxImportSource preact */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { FieldErrors } from '../errors.js';

/**
 * A prefix for the ids of the fields inside it (`f-<prefix><name>`), for pages that hold several
 * forms with the same field names: every label and error link then points at its own control.
 */
export const FieldIdPrefix = createContext('');

/** A form that carries the CSRF token; every state-changing form uses it. */
export function Form(props: { action: string; csrf: string; children: ComponentChildren; class?: string; id?: string }) {
  return (
    <form method="post" action={props.action} class={props.class ?? 'form'} id={props.id} noValidate>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

/** Summary of errors at the top of a form, linking to each field. */
export function ErrorSummary(props: { errors: FieldErrors; message?: string | undefined; title: string }) {
  const prefix = useContext(FieldIdPrefix);
  const entries = Object.entries(props.errors);
  if (entries.length === 0 && !props.message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{props.title}</h2>
      {/* Domain messages are written in Chinese whatever the interface language (WCAG 3.1.2). */}
      {props.message ? <p lang="zh-CN">{props.message}</p> : null}
      {entries.length > 0 ? (
        <ul>
          {entries.map(([name, msg]) => (
            <li key={name}>
              <a href={`#f-${prefix}${name}`} lang="zh-CN">
                {msg}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | null | undefined;
  errors?: FieldErrors | undefined;
  type?: string;
  hint?: string | undefined;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'tel' | 'email' | 'url';
  maxLength?: number;
}

/**
 * The frame every field shares: label (with the required mark), hint and error, and the ids that
 * tie them to the control (`aria-describedby`). `control` receives those attributes.
 */
function FieldFrame(p: { name: string; label: string; errors?: FieldErrors | undefined; hint?: string | undefined; required?: boolean | undefined; control: (a: { id: string; 'aria-invalid': 'true' | undefined; 'aria-describedby': string | undefined }) => ComponentChildren }) {
  const id = `f-${useContext(FieldIdPrefix)}${p.name}`;
  const err = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', err ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="req"> *</span> : null}
      </label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {err ? (
        <p class="field-error" id={`${id}-err`} lang="zh-CN">
          {err}
        </p>
      ) : null}
      {p.control({ id, 'aria-invalid': err ? 'true' : undefined, 'aria-describedby': describedBy })}
    </div>
  );
}

/** A labelled input with its hint and its error next to it (aria-describedby). */
export function Field(p: FieldProps) {
  return (
    <FieldFrame
      {...p}
      control={(a) => <input {...a} name={p.name} type={p.type ?? 'text'} value={p.value ?? ''} required={p.required} autoComplete={p.autocomplete} inputMode={p.inputmode} maxLength={p.maxLength} />}
    />
  );
}

/** A labelled multi-line text box with its hint and error. */
export function TextareaField(p: { name: string; label: string; value?: string | null | undefined; errors?: FieldErrors | undefined; hint?: string | undefined; required?: boolean; rows?: number; maxLength?: number }) {
  return (
    <FieldFrame
      {...p}
      control={(a) => (
        <textarea {...a} name={p.name} rows={p.rows ?? 5} maxLength={p.maxLength} required={p.required}>
          {p.value ?? ''}
        </textarea>
      )}
    />
  );
}

/** A labelled file input (the form must be `multipart/form-data`). */
export function FileField(p: { name: string; label: string; accept: string; errors?: FieldErrors | undefined; hint?: string | undefined; required?: boolean }) {
  return <FieldFrame {...p} control={(a) => <input {...a} type="file" name={p.name} accept={p.accept} />} />;
}

/** A labelled select. */
export function SelectField(p: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string | null | undefined;
  errors?: FieldErrors | undefined;
  required?: boolean;
}) {
  const id = `f-${useContext(FieldIdPrefix)}${p.name}`;
  const err = p.errors?.[p.name];
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="req"> *</span> : null}
      </label>
      {err ? (
        <p class="field-error" id={`${id}-err`} lang="zh-CN">
          {err}
        </p>
      ) : null}
      <select id={id} name={p.name} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (p.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Previous/next links with a page count. */
export function Pager(p: { base: string; page: number; pageSize: number; total: number; labels: { prev: string; next: string; status: string } }) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const href = (n: number) => `${p.base}${p.base.includes('?') ? '&' : '?'}page=${n}`;
  return (
    <nav class="pager" aria-label={p.labels.status}>
      {p.page > 1 ? <a href={href(p.page - 1)}>{p.labels.prev}</a> : <span aria-hidden="true" />}
      <span>{p.labels.status}</span>
      {p.page < pages ? <a href={href(p.page + 1)}>{p.labels.next}</a> : <span aria-hidden="true" />}
    </nav>
  );
}

/** A group of checkboxes with its legend and error; the first box carries the field id (error links). */
export function CheckboxGroup(p: { name: string; legend: string; options: { value: string; label: string }[]; values: readonly string[]; errors?: FieldErrors | undefined; hint?: string | undefined; required?: boolean }) {
  const prefix = useContext(FieldIdPrefix);
  const id = `f-${prefix}${p.name}`;
  const err = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', err ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={err ? 'field has-error' : 'field'} aria-describedby={describedBy}>
      <legend>
        {p.legend}
        {p.required ? <span class="req"> *</span> : null}
      </legend>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {err ? (
        <p class="field-error" id={`${id}-err`} lang="zh-CN">
          {err}
        </p>
      ) : null}
      <ul class="checks">
        {p.options.map((o, i) => {
          const boxId = i === 0 ? id : `${id}-${o.value}`;
          return (
            <li key={o.value} class="field-check">
              <input type="checkbox" id={boxId} name={p.name} value={o.value} checked={p.values.includes(o.value)} aria-invalid={err ? 'true' : undefined} />
              <label for={boxId}>{o.label}</label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

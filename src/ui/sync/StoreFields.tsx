import { useId, type ReactNode } from 'react';
import {
  endpointPlaceholder,
  presetChoices,
  suggestedEndpoint,
  valuesForPreset,
  type FormPresetId,
  type StoreFormValues,
} from './storeForm';

interface StoreFieldsProps {
  values: StoreFormValues;
  onChange: (values: StoreFormValues) => void;
  /** Said under the secret field (e.g. that a saved secret must be typed again). */
  secretHint?: ReactNode;
}

type TextField = 'endpoint' | 'region' | 'bucket' | 'prefix' | 'accessKeyId' | 'secretAccessKey';

/**
 * Where the library lives: a preset, then endpoint, region, bucket, prefix, keys and addressing.
 * Used by Settings > Storage and by "Open an existing library".
 */
export function StoreFields({ values, onChange, secretHint }: StoreFieldsProps) {
  const id = useId();
  const choices = presetChoices();
  const preset = choices.find((choice) => choice.id === values.preset);

  const set = (field: TextField, value: string) => {
    const next = { ...values, [field]: value };
    // The endpoint follows the region while it is still the one the preset suggested.
    if (field === 'region' && values.endpoint === suggestedEndpoint(values.preset, values.region)) {
      next.endpoint = suggestedEndpoint(values.preset, value) || values.endpoint;
    }
    onChange(next);
  };

  const text = (
    field: TextField,
    label: string,
    options: {
      hint?: ReactNode;
      type?: 'text' | 'password' | 'url';
      placeholder?: string;
      autoComplete?: string;
    } = {},
  ) => {
    const inputId = `${id}-${field}`;
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          type={options.type ?? 'text'}
          value={values[field]}
          placeholder={options.placeholder}
          autoComplete={options.autoComplete ?? 'off'}
          autoCapitalize="none"
          spellCheck={false}
          aria-describedby={options.hint ? `${inputId}-hint` : undefined}
          onChange={(event) => {
            set(field, event.target.value);
          }}
        />
        {options.hint && (
          <p className="hint" id={`${inputId}-hint`}>
            {options.hint}
          </p>
        )}
      </div>
    );
  };

  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-preset`}>Storage service</label>
        <select
          id={`${id}-preset`}
          value={values.preset}
          onChange={(event) => {
            onChange(valuesForPreset(event.target.value as FormPresetId, values));
          }}
        >
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.name}
            </option>
          ))}
        </select>
      </div>
      {text('endpoint', 'Endpoint', {
        type: 'url',
        placeholder: endpointPlaceholder(values.preset),
        hint: 'The address of the storage service, e.g. https://s3.eu-west-1.amazonaws.com.',
      })}
      {text('region', 'Region', { hint: preset?.regionHint })}
      {text('bucket', 'Bucket')}
      {text('prefix', 'Folder in the bucket (optional)', {
        placeholder: 'photos/',
        hint: 'Keeps the library under this folder, so the bucket can hold other things.',
      })}
      {text('accessKeyId', 'Access key ID')}
      {text('secretAccessKey', 'Secret access key', {
        type: 'password',
        autoComplete: 'new-password',
        hint: secretHint ?? 'Kept encrypted in this browser with your library; never shown again.',
      })}
      <div className="check">
        <label>
          <input
            type="checkbox"
            checked={values.pathStyle}
            onChange={(event) => {
              onChange({ ...values, pathStyle: event.target.checked });
            }}
          />{' '}
          Path-style addressing (endpoint/bucket)
        </label>
        <p className="hint">
          For MinIO, Ceph, Garage and R2. Off: the bucket is part of the host name (AWS, B2,
          Wasabi).
        </p>
      </div>
    </>
  );
}

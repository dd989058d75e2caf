import { CheckboxGroup, Field } from '../../../ui/Field';
import {
  IDENTITY_RISKS,
  IDENTITY_RISK_FLAGS,
  LEGAL_FLAGS,
  SENSITIVITY_FLAGS,
} from '../library-bits';
import { type Draft, type DraftSectionProps } from './draft';

/** How the quote could harm the person or need a legal or safety reviewer. */
export function RiskSection({ draft, set, error }: DraftSectionProps) {
  return (
    <section className="card stack">
      <h2>Risk</h2>
      <Field
        label="Identity risk"
        name="identityRisk"
        error={error}
        hint="How easily the text could identify the person or their family."
      >
        {(p) => (
          <select
            {...p}
            value={draft.identityRisk}
            onChange={(e) => set('identityRisk', e.target.value as Draft['identityRisk'])}
          >
            {IDENTITY_RISKS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        )}
      </Field>
      <CheckboxGroup
        legend="Could identify by"
        options={IDENTITY_RISK_FLAGS}
        value={draft.identityRiskFlags}
        onChange={(v) => set('identityRiskFlags', v)}
        name="identityRiskFlags"
        error={error}
      />
      <CheckboxGroup
        legend="Legal flags (need a legal sign-off)"
        options={LEGAL_FLAGS}
        value={draft.legalFlags}
        onChange={(v) => set('legalFlags', v)}
        name="legalFlags"
        error={error}
      />
      <CheckboxGroup
        legend="Sensitive content (only a safety reviewer may vet)"
        options={SENSITIVITY_FLAGS}
        value={draft.sensitivityFlags}
        onChange={(v) => set('sensitivityFlags', v)}
        name="sensitivityFlags"
        error={error}
      />
    </section>
  );
}

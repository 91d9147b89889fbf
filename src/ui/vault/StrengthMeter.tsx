import { minimumPasswordScore, strengthLabels, type PasswordStrength } from './passwordStrength';

/** Shows how hard a password is to guess, with zxcvbn's advice when it is weak. */
export function StrengthMeter({ id, strength }: { id: string; strength: PasswordStrength | null }) {
  const score = strength?.score ?? 0;
  const advice = strength ? [strength.warning, strength.suggestions[0]].filter(Boolean) : [];
  return (
    <div className="strength" id={id}>
      <div className="strength-row">
        {/* The label beside it says the same in words, for screen readers too. */}
        <div className="strength-bar" data-score={strength ? score : ''} aria-hidden>
          <span style={{ width: `${strength ? ((score + 1) / 5) * 100 : 0}%` }} />
        </div>
        <span data-testid="password-strength" data-score={strength ? score : ''} aria-live="polite">
          {strength ? `Strength: ${strengthLabels[strength.score]}` : 'Strength: —'}
        </span>
      </div>
      {advice.length > 0 && score < minimumPasswordScore && (
        <p className="hint">{advice.join(' ')}</p>
      )}
    </div>
  );
}

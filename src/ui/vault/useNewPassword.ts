import { useEffect, useState } from 'react';
import {
  estimatePasswordStrength,
  forgetLastEstimate,
  minimumPasswordScore,
  type PasswordStrength,
} from './passwordStrength';

/** The strength of what is typed, estimated off the render path; the last estimate while typing. */
function usePasswordStrength(password: string): PasswordStrength | null {
  const [estimate, setEstimate] = useState<PasswordStrength | null>(null);
  useEffect(() => {
    if (!password) return;
    let current = true;
    estimatePasswordStrength(password).then(
      (strength) => {
        if (current) setEstimate(strength);
      },
      (error: unknown) => {
        console.error(error);
      },
    );
    return () => {
      current = false;
    };
  }, [password]);
  return password ? estimate : null;
}

/** State of a "new password + confirmation" pair, with its strength and its validation. */
export function useNewPassword() {
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const strength = usePasswordStrength(password);
  // The typed password lives no longer than the form.
  useEffect(() => forgetLastEstimate, []);

  /** Why this pair can't be used (a sentence), or null when it can. */
  const findProblem = async (): Promise<string | null> => {
    if (!password) return 'Choose a password.';
    const { score } = await estimatePasswordStrength(password);
    if (score < minimumPasswordScore)
      return 'That password is too easy to guess. Make it longer: several unrelated words work well.';
    if (password !== confirmation) return "The two passwords don't match.";
    return null;
  };

  const clear = () => {
    forgetLastEstimate();
    setPassword('');
    setConfirmation('');
  };

  return { password, confirmation, setPassword, setConfirmation, strength, findProblem, clear };
}

export type NewPasswordState = ReturnType<typeof useNewPassword>;

/** zxcvbn's score: 0 (guessed at once) to 4 (very unlikely to be guessed). */
export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface PasswordStrength {
  score: StrengthScore;
  warning: string | null;
  suggestions: string[];
}

/** New passwords must reach this score: Argon2id slows each guess, but not enough for "Fair". */
export const minimumPasswordScore: StrengthScore = 3;

export const strengthLabels: Record<StrengthScore, string> = {
  0: 'Very weak',
  1: 'Weak',
  2: 'Fair',
  3: 'Strong',
  4: 'Very strong',
};

type Estimator = (password: string) => PasswordStrength;
let estimator: Promise<Estimator> | undefined;

/**
 * zxcvbn and its dictionaries are several hundred kilobytes: they load on first use, in their own
 * chunks, so the first paint of the app stays small.
 */
function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, english] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
    });
    return (password) => {
      const { score, feedback } = zxcvbn.check(password, ['pinhole', 'photos', 'library']);
      return { score, warning: feedback.warning, suggestions: feedback.suggestions };
    };
  })();
  // A failed chunk load (e.g. a flaky network before the precache) may be retried later.
  estimator.catch(() => {
    estimator = undefined;
  });
  return estimator;
}

/**
 * The last estimate: the form checks, on submit, the password whose strength the meter already
 * shows, and zxcvbn takes a while on the main thread. It holds a typed password, so the form
 * forgets it when it is cleared or closed (`forgetLastEstimate`).
 */
let lastEstimate: { password: string; strength: PasswordStrength } | undefined;
let forgotten = 0;

export async function estimatePasswordStrength(password: string): Promise<PasswordStrength> {
  if (lastEstimate?.password === password) return lastEstimate.strength;
  const generation = forgotten;
  const estimate = await loadEstimator();
  const strength = estimate(password);
  // Not if the form was cleared while zxcvbn loaded.
  if (generation === forgotten) lastEstimate = { password, strength };
  return strength;
}

export function forgetLastEstimate() {
  lastEstimate = undefined;
  forgotten += 1;
}

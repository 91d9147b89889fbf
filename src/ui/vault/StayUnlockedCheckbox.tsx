import { useId } from 'react';

interface StayUnlockedCheckboxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** "Stay unlocked on this device", with what it costs: anyone here can open the library. */
export function StayUnlockedCheckbox({ checked, onChange }: StayUnlockedCheckboxProps) {
  const hintId = useId();
  return (
    <div className="check">
      <label>
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={hintId}
          onChange={(event) => {
            onChange(event.target.checked);
          }}
        />{' '}
        Stay unlocked on this device
      </label>
      <p className="hint" id={hintId}>
        Only on a device no one else uses: the library opens here without a password, and does not
        lock when idle, until you press Lock.
      </p>
    </div>
  );
}

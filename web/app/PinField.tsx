/* "Enter your PIN code": four digits, the phone's number pad, never shown in clear. */
import { useId } from "react";

export function PinField({ value, onChange, label = "Enter your PIN code" }: { value: string; onChange: (pin: string) => void; label?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]{4}"
        maxLength={4}
        value={value}
        onChange={(event) => onChange(event.target.value.replace(/\D/g, "").slice(0, 4))}
      />
    </div>
  );
}

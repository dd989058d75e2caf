import { useState } from 'react';
import { type Schemas } from '../../../api/client';

export type Slot = Schemas['WeeklySlotDto'];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const sortSlots = (slots: Slot[]) =>
  [...slots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));

/** The weekly posting slots, in the channel's local time: one row per weekday. */
export function SlotsEditor({
  value,
  onChange,
}: {
  value: Slot[];
  onChange: (slots: Slot[]) => void;
}) {
  const [adding, setAdding] = useState<Record<number, string>>({});
  const add = (weekday: number) => {
    const time = adding[weekday];
    if (!time || value.some((s) => s.weekday === weekday && s.time === time)) return;
    onChange(sortSlots([...value, { weekday, time }]));
    setAdding({ ...adding, [weekday]: '' });
  };
  const copyToWeekdays = (weekday: number) => {
    const times = value.filter((s) => s.weekday === weekday).map((s) => s.time);
    const others = value.filter((s) => s.weekday > 5 || s.weekday === weekday);
    const copies = [1, 2, 3, 4, 5]
      .filter((d) => d !== weekday)
      .flatMap((d) => times.map((time) => ({ weekday: d, time })));
    onChange(sortSlots([...others, ...copies]));
  };
  return (
    <fieldset className="field slots">
      <legend>Weekly posting slots (channel’s local time)</legend>
      <table className="table slots-table">
        <tbody>
          {WEEKDAYS.map((day, i) => {
            const weekday = i + 1;
            const times = value.filter((s) => s.weekday === weekday);
            return (
              <tr key={day}>
                <th scope="row">{day}</th>
                <td>
                  <div className="chips">
                    {times.length === 0 && <span className="muted">no slots</span>}
                    {times.map((s) => (
                      <span key={s.time} className="badge tone-info slot-chip">
                        {s.time}
                        <button
                          type="button"
                          className="chip-remove"
                          aria-label={`Remove ${day} ${s.time}`}
                          onClick={() =>
                            onChange(
                              value.filter((x) => !(x.weekday === weekday && x.time === s.time)),
                            )
                          }
                        >
                          ×
                        </button>
                      </span>
                    ))}
                  </div>
                </td>
                <td className="slot-add">
                  <input
                    type="time"
                    aria-label={`New slot on ${day}`}
                    value={adding[weekday] ?? ''}
                    onChange={(e) => setAdding({ ...adding, [weekday]: e.target.value })}
                  />
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    aria-label={`Add slot on ${day}`}
                    onClick={() => add(weekday)}
                  >
                    Add
                  </button>
                  {weekday <= 5 && times.length > 0 && (
                    <button
                      type="button"
                      className="btn btn-link btn-small"
                      onClick={() => copyToWeekdays(weekday)}
                    >
                      Copy to Mon–Fri
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

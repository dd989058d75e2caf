import { DateTime } from 'luxon';
import { useId } from 'react';
import type { Channel } from '../api/queries';
import { formatDateTime, userTimeZone } from '../ui/format';

export type Timing = { kind: 'next' } | { kind: 'at'; local: string };

/** A wall-clock time typed in the channel's timezone, as an instant; null when incomplete. */
export function timingInstant(timing: Timing, channel: Channel | undefined): string | null {
  if (timing.kind !== 'at' || !timing.local || !channel) return null;
  const at = DateTime.fromISO(timing.local, { zone: channel.timezone });
  return at.isValid ? at.toUTC().toISO() : null;
}

/** "In the channel's next free slot" or a time, shown in the channel's timezone and the user's. */
export function describeTiming(timing: Timing, channel: Channel | undefined): string {
  if (timing.kind === 'next') return 'the channel’s next free slot';
  const instant = timingInstant(timing, channel);
  if (!instant || !channel) return 'a time not yet chosen';
  const local = formatDateTime(instant, channel.timezone);
  const mine = formatDateTime(instant, userTimeZone);
  return local === mine
    ? `${local} (${channel.timezone})`
    : `${local} (${channel.timezone}) — ${mine} your time`;
}

export function TimingPicker({
  value,
  onChange,
  channel,
  legend = 'When to publish',
}: {
  value: Timing;
  onChange: (timing: Timing) => void;
  channel: Channel | undefined;
  legend?: string;
}) {
  const id = useId();
  const instant = timingInstant(value, channel);
  return (
    <fieldset className="field timing">
      <legend>{legend}</legend>
      <label className="radio">
        <input
          type="radio"
          name={`${id}-timing`}
          checked={value.kind === 'next'}
          onChange={() => onChange({ kind: 'next' })}
        />
        Next free slot
      </label>
      {channel && (
        <span className="muted radio-hint">
          {channel.weeklySlots.length} weekly slots in {channel.timezone}, at least{' '}
          {channel.minSpacingMinutes} minutes apart, at most {channel.dailyCap} a day
        </span>
      )}
      <label className="radio">
        <input
          type="radio"
          name={`${id}-timing`}
          checked={value.kind === 'at'}
          onChange={() => onChange({ kind: 'at', local: value.kind === 'at' ? value.local : '' })}
        />
        At a time
      </label>
      {value.kind === 'at' && (
        <div className="timing-at">
          <label htmlFor={`${id}-at`}>
            Time in the channel’s timezone{channel ? ` (${channel.timezone})` : ''}
          </label>
          <input
            id={`${id}-at`}
            type="datetime-local"
            value={value.local}
            onChange={(e) => onChange({ kind: 'at', local: e.target.value })}
            aria-describedby={`${id}-mine`}
          />
          <div id={`${id}-mine`} className="field-hint" aria-live="polite">
            {instant
              ? `Your time (${userTimeZone}): ${formatDateTime(instant, userTimeZone)}`
              : channel
                ? 'Choose a date and time.'
                : 'Choose a channel first.'}
          </div>
        </div>
      )}
    </fieldset>
  );
}

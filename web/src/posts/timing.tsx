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

/**
 * The timing an author asked for (a post's requestedAt), as the picker shows it: the time in the
 * channel's timezone, or the next free slot when none was asked for, the channel is not known
 * yet, or the time has passed.
 */
export function requestedTiming(requestedAt: string | null, channel: Channel | undefined): Timing {
  if (!requestedAt || !channel) return { kind: 'next' };
  const at = DateTime.fromISO(requestedAt);
  if (!at.isValid || at.toMillis() <= Date.now()) return { kind: 'next' };
  return { kind: 'at', local: at.setZone(channel.timezone).toFormat("yyyy-MM-dd'T'HH:mm") };
}

/** What the API stores for a timing: an instant, or null for the next free slot. */
export function requestedAtOf(timing: Timing, channel: Channel | undefined): string | null {
  return timing.kind === 'next' ? null : timingInstant(timing, channel);
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

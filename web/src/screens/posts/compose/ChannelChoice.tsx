import { type Channel, channelName } from '../../../api/queries';

/**
 * Which channels the draft is for. A new draft may go to several: one post per channel, each
 * reviewed and approved on its own. A saved post stays on its channel.
 */
export function ChannelChoice({
  channels,
  chosen,
  onChange,
  locked,
}: {
  channels: readonly Channel[];
  chosen: readonly string[];
  onChange: (ids: string[]) => void;
  locked: boolean;
}) {
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return (
    <fieldset className="field grow channel-choice">
      <legend>{locked ? 'Channel' : 'Channels'}</legend>
      {channels.map((c) => (
        <label key={c.id} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(c.id)}
            disabled={locked}
            onChange={(e) => toggle(c.id, e.target.checked)}
          />
          {channelName(c)}
        </label>
      ))}
      {!locked && chosen.length > 1 && (
        <span className="field-hint">
          {chosen.length} posts, one per channel; each is reviewed and approved on its own.
        </span>
      )}
      {!locked && chosen.length === 0 && (
        <span className="field-error">Choose at least one channel.</span>
      )}
    </fieldset>
  );
}

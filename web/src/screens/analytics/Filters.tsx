import { channelName, useCampaigns, useChannels, useThemes } from '../../api/queries';
import { FilterSelect } from '../../ui/Field';
import type { AnalyticsFilters, SetFilter } from './filters';
import { ALL_CAMPAIGNS } from './opening-campaign';

const CHECKPOINTS = [
  { value: '', label: '24 hours after publishing' },
  { value: '168h', label: '7 days after publishing' },
  { value: '720h', label: '30 days after publishing' },
  { value: 'latest', label: 'Latest snapshot' },
];

export function Filters({ filters, set }: { filters: AnalyticsFilters; set: SetFilter }) {
  const campaigns = useCampaigns();
  const channels = useChannels();
  const themes = useThemes();
  // A post's language is its channel's.
  const languages = [...new Set((channels.data ?? []).map((c) => c.language))].sort();
  return (
    <form
      className="card filter-row analytics-filters"
      aria-label="Filters"
      onSubmit={(e) => e.preventDefault()}
    >
      <FilterSelect
        id="a-campaign"
        label="Campaign"
        value={filters.campaignId || ALL_CAMPAIGNS}
        onChange={(v) => set('campaignId', v)}
        options={[
          { value: ALL_CAMPAIGNS, label: 'All campaigns' },
          ...(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name })),
        ]}
      />
      <div className="field">
        <label htmlFor="a-from">From</label>
        <input
          id="a-from"
          type="date"
          value={filters.from}
          onChange={(e) => set('from', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="a-to">To</label>
        <input
          id="a-to"
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => set('to', e.target.value)}
        />
      </div>
      <FilterSelect
        id="a-channel"
        label="Channel"
        value={filters.channelId}
        onChange={(v) => set('channelId', v)}
        options={[
          { value: '', label: 'All channels' },
          ...(channels.data ?? []).map((c) => ({ value: c.id, label: channelName(c) })),
        ]}
      />
      <FilterSelect
        id="a-language"
        label="Language"
        value={filters.language}
        onChange={(v) => set('language', v)}
        options={[
          { value: '', label: 'All languages' },
          ...languages.map((l) => ({ value: l, label: l })),
        ]}
      />
      <FilterSelect
        id="a-theme"
        label="Theme"
        value={filters.theme}
        onChange={(v) => set('theme', v)}
        options={[
          { value: '', label: 'All themes' },
          ...(themes.data ?? []).map((t) => ({ value: t.key, label: t.name })),
        ]}
      />
      <FilterSelect
        id="a-at"
        label="Compare posts at"
        value={filters.at}
        onChange={(v) => set('at', v)}
        options={CHECKPOINTS}
      />
    </form>
  );
}

import { SEARCH_CONFIGS, searchConfigFor } from './search-config.js';

describe('searchConfigFor', () => {
  it('maps language tags to PostgreSQL text-search configurations', () => {
    expect(searchConfigFor('ar')).toBe('arabic');
    expect(searchConfigFor('en-GB')).toBe('english');
    expect(searchConfigFor('pt-BR')).toBe('portuguese');
    expect(searchConfigFor('FR')).toBe('french');
  });

  it('falls back to simple for languages PostgreSQL cannot stem, and for none', () => {
    expect(searchConfigFor('ku')).toBe('simple');
    expect(searchConfigFor('ur')).toBe('simple');
    expect(searchConfigFor(null)).toBe('simple');
  });

  it('lists each configuration once, simple included', () => {
    expect(SEARCH_CONFIGS).toContain('simple');
    expect(new Set(SEARCH_CONFIGS).size).toBe(SEARCH_CONFIGS.length);
  });
});

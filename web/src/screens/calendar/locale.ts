import enGb from '@fullcalendar/core/locales/en-gb';

/**
 * The calendar's language and week: en-GB (Monday first, 24-hour times) until the user's own
 * locale reaches the web; this is the one place to switch it.
 */
export const calendarLocale = enGb;

/** What each breakdown dimension is called on screen. */
import type { Dimension } from './types.ts';

export const DIMENSION_LABELS: Record<Dimension, string> = {
  page: 'Page',
  entry_page: 'Entry page',
  exit_page: 'Exit page',
  referrer: 'Referrer',
  source: 'Source',
  channel: 'Channel',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  utm_term: 'UTM term',
  utm_content: 'UTM content',
  country: 'Country',
  browser: 'Browser',
  os: 'Operating system',
  device: 'Device',
  screen: 'Screen size',
  language: 'Language',
  hostname: 'Hostname',
  event: 'Event',
};

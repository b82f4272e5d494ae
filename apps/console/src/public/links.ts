/** The public pages' links, in the order of the header. */
export const PUBLIC_LINKS = [
  { to: '/public/standards', key: 'standards' },
  { to: '/public/calculator', key: 'calculator' },
  { to: '/public/track', key: 'track' },
  { to: '/public/stats', key: 'stats' },
  { to: '/public/permits', key: 'permits' },
] as const;

import 'i18next';
import type id from './id.json';
import type oversight from './oversight.id.json';
import type portal from './portal.id.json';
import type publicMessages from './public.id.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof id; oversight: typeof oversight; portal: typeof portal; public: typeof publicMessages };
  }
}

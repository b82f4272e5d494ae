export { canonicalJson, storedText, NotCanonicalizable } from './canonical-json';

export { normalisedWords, customerWords, shingles } from './shingles';
export {
  minhash,
  estimatedJaccard,
  lshBands,
  signatureToBytes,
  signatureFromBytes,
  MINHASH_SIZE,
  LSH_BANDS,
  LSH_ROWS,
} from './minhash';
export { sharedPhrases } from './phrases';
